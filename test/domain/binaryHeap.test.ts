import { describe, expect, it } from 'vitest';
import { BinaryHeap } from '../../src/domain/binaryHeap.ts';
import { seededRandom } from '../../src/domain/random.ts';

interface Entry {
  readonly key: number;
  readonly id: number;
}

/** Ordered by key, then by id, so that the expected order is total and sorting gives it. */
class EntryHeap extends BinaryHeap<Entry> {
  protected override less(a: Entry, b: Entry): boolean {
    return a.key < b.key || (a.key === b.key && a.id < b.id);
  }
}

const byKeyThenId = (a: Entry, b: Entry): number => a.key - b.key || a.id - b.id;

function drain(heap: BinaryHeap<Entry>): Entry[] {
  const out: Entry[] = [];
  for (let e = heap.pop(); e !== undefined; e = heap.pop()) out.push(e);
  return out;
}

describe('BinaryHeap', () => {
  it('is empty to begin with', () => {
    const heap = new EntryHeap();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });

  it('peeks at the least entry without removing it', () => {
    const heap = new EntryHeap();
    for (const [id, key] of [4, 2, 8, 2].entries()) heap.push({ key, id });
    expect(heap.peek()).toEqual({ key: 2, id: 1 });
    expect(heap.size).toBe(4);
    expect(heap.pop()).toEqual({ key: 2, id: 1 });
    expect(heap.peek()).toEqual({ key: 2, id: 3 });
    expect(heap.size).toBe(3);
  });

  it('clear empties it, and it fills again', () => {
    const heap = new EntryHeap();
    for (let id = 0; id < 10; id++) heap.push({ key: 10 - id, id });
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
    heap.push({ key: 3, id: 0 });
    heap.push({ key: 1, id: 1 });
    expect(drain(heap).map((e) => e.key)).toEqual([1, 3]);
  });

  // Many equal keys, so that ties (broken by `less`, not by the heap) are exercised.
  it.each([1, 2, 3, 4, 5])('pops in sorted order under random pushes and pops (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const heap = new EntryHeap();
    const model: Entry[] = [];
    let id = 0;
    for (let step = 0; step < 3000; step++) {
      if (random.next() < 0.6) {
        const entry = { key: Math.floor(random.next() * 50), id: id++ };
        heap.push(entry);
        model.push(entry);
      } else {
        model.sort(byKeyThenId);
        expect(heap.peek()).toBe(model[0]);
        expect(heap.pop()).toBe(model.shift());
      }
      expect(heap.size).toBe(model.length);
    }
    expect(drain(heap)).toEqual(model.sort(byKeyThenId));
  });
});
