/**
 * A campaign's caller numbers, used in turn (DESIGN: "Callers rotate"): each call takes the next
 * number that is in service and has room under its own limits, so the load spreads evenly and a
 * number at its limit is skipped rather than waited for.
 */
import type { ApplicationRun } from './applicationRun.ts';

export class CallerRotation {
  private next = 0;

  constructor(private callers: readonly string[]) {}

  update(callers: readonly string[]): void {
    this.callers = callers;
    if (this.next >= callers.length) this.next = 0;
  }

  /** Calls the campaign's callers can start now, all numbers together. */
  room(app: ApplicationRun, now: number): number {
    let room = 0;
    for (const number of this.callers) {
      if (!app.callerUsable(number)) continue;
      room += app.callerCapacity(number).available(now);
      if (room === Number.POSITIVE_INFINITY) break;
    }
    return room;
  }

  /** Up to `n` callers in turn, each taking a slot of its number's capacity. */
  take(app: ApplicationRun, now: number, n: number): string[] {
    const taken: string[] = [];
    const count = this.callers.length;
    let misses = 0;
    while (taken.length < n && misses < count) {
      const number = this.callers[this.next]!;
      this.next = (this.next + 1) % count;
      const capacity = app.callerUsable(number) ? app.callerCapacity(number) : undefined;
      if (capacity && capacity.available(now) > 0) {
        capacity.take(now);
        taken.push(number);
        misses = 0;
      } else {
        misses++;
      }
    }
    return taken;
  }
}
