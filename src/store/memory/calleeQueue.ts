/**
 * The pending callees of one campaign in dialing order — earliest next_attempt_at first, then
 * lowest order_key — as the SQL adapters read them off the `callees_queue` index. A binary heap.
 */
export interface QueuedCallee {
  readonly seq: number;
  readonly orderKey: number;
  nextAttemptAt: number;
}

export class CalleeQueue<C extends QueuedCallee> {
  private readonly heap: C[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(callee: C): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(callee);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(callee, p.nextAttemptAt, p.orderKey, p.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = callee;
  }

  peek(): C | undefined {
    return this.heap[0];
  }

  pop(): C | undefined {
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
      const l = heap[left]!;
      if (right < n && before(heap[right]!, l.nextAttemptAt, l.orderKey, l.seq)) child = right;
      const c = heap[child]!;
      if (!before(c, last.nextAttemptAt, last.orderKey, last.seq)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /** Removes every entry (the callee list was replaced). */
  clear(): void {
    this.heap.length = 0;
  }
}

/** Whether `a` is dialed before a callee with the given key. */
export function before(a: QueuedCallee, nextAttemptAt: number, orderKey: number, seq: number): boolean {
  return (
    a.nextAttemptAt < nextAttemptAt ||
    (a.nextAttemptAt === nextAttemptAt && (a.orderKey < orderKey || (a.orderKey === orderKey && a.seq < seq)))
  );
}
