/**
 * Timers ordered by due time, then by insertion, so timers due at the same instant fire in the
 * order they were set. Cancelled timers stay in the heap and are skipped when they reach the top
 * (cheaper than a removal by index for the engine's pattern: most deadlines are cancelled long
 * before they are due).
 */
import { BinaryHeap } from '../../domain/binaryHeap.ts';

export interface HeapTimer {
  readonly id: number;
  readonly at: number;
  fn: (() => void) | undefined;
}

export class TimerHeap extends BinaryHeap<HeapTimer> {
  protected override less(a: HeapTimer, b: HeapTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  /** The earliest live timer, dropping cancelled ones on the way. */
  override peek(): HeapTimer | undefined {
    let top = super.peek();
    while (top !== undefined && top.fn === undefined) {
      this.pop();
      top = super.peek();
    }
    return top;
  }
}
