import { describe, expect, it } from 'vitest';
import { EventQueue, type TimedEvent } from '../../bench/pacing/eventQueue.ts';

interface Named extends TimedEvent {
  readonly name: string;
}

describe('EventQueue', () => {
  it('pops by time, and simultaneous events in the order they were pushed', () => {
    const q = new EventQueue<Named>();
    const times = [5, 1, 3, 3, 9, 0, 3, 7, 1];
    times.forEach((at, i) => {
      q.push({ at, seq: 0, name: `${at}#${i}` });
    });
    const out: string[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.name);
    expect(out).toEqual(['0#5', '1#1', '1#8', '3#2', '3#3', '3#6', '5#0', '7#7', '9#4']);
    expect(q.size).toBe(0);
  });

  it('stays ordered under interleaved pushes and pops', () => {
    const q = new EventQueue<Named>();
    let x = 12345;
    const rand = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    let last = -1;
    for (let i = 0; i < 5000; i++) {
      q.push({ at: last + rand() * 100, seq: 0, name: '' });
      if (i % 3 === 0) {
        const e = q.pop()!;
        expect(e.at).toBeGreaterThanOrEqual(last);
        last = e.at;
      }
    }
    for (let e = q.pop(); e !== undefined; e = q.pop()) {
      expect(e.at).toBeGreaterThanOrEqual(last);
      last = e.at;
    }
  });
});
