/**
 * A binary min-heap of timers ordered by due time, then by insertion, so timers due at the same
 * instant fire in the order they were set. Cancelled timers stay in the heap and are skipped when
 * they reach the top (cheaper than a removal by index for the engine's pattern: most deadlines are
 * cancelled long before they are due).
 */
export interface HeapTimer {
  readonly id: number;
  readonly at: number;
  fn: (() => void) | undefined;
}

export class TimerHeap {
  private readonly heap: HeapTimer[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(timer: HeapTimer): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(timer);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  /** The earliest live timer, dropping cancelled ones on the way. */
  peek(): HeapTimer | undefined {
    let top = this.heap[0];
    while (top !== undefined && top.fn === undefined) {
      this.pop();
      top = this.heap[0];
    }
    return top;
  }

  pop(): HeapTimer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right]!, heap[left]!)) child = right;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
