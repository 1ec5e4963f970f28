/**
 * The timed events of the plain simulation, ordered by time, then by insertion (so simultaneous
 * events run in the order they were scheduled).
 */
import { BinaryHeap } from '../../src/domain/binaryHeap.ts';

export interface TimedEvent {
  /** Event time, ms. */
  readonly at: number;
  /** Insertion sequence, set by the queue. */
  seq: number;
}

export class EventQueue<E extends TimedEvent> extends BinaryHeap<E> {
  private nextSeq = 0;

  protected override less(a: E, b: E): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  override push(event: E): void {
    event.seq = this.nextSeq++;
    super.push(event);
  }
}
