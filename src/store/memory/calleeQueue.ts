/**
 * The pending callees of one campaign in dialing order — earliest next_attempt_at first, then
 * lowest order_key — as the SQL adapters read them off the `callees_queue` index.
 */
import { BinaryHeap } from '../../domain/binaryHeap.ts';

export interface QueuedCallee {
  readonly seq: number;
  readonly orderKey: number;
  nextAttemptAt: number;
}

export class CalleeQueue<C extends QueuedCallee> extends BinaryHeap<C> {
  protected override less(a: C, b: C): boolean {
    return before(a, b.nextAttemptAt, b.orderKey, b.seq);
  }
}

/** Whether `a` is dialed before a callee with the given key. */
export function before(a: QueuedCallee, nextAttemptAt: number, orderKey: number, seq: number): boolean {
  return (
    a.nextAttemptAt < nextAttemptAt ||
    (a.nextAttemptAt === nextAttemptAt && (a.orderKey < orderKey || (a.orderKey === orderKey && a.seq < seq)))
  );
}
