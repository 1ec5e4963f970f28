const pending: Array<() => void> = [];
let turn = 0;
let turnEndScheduled = false;

function endTurnSoon(): void {
  if (!turnEndScheduled) {
    turnEndScheduled = true;
    setImmediate(endTurn);
  }
}

function endTurn(): void {
  turnEndScheduled = false;
  turn++;
  // Work deferred while these run waits for the next turn, so that a turn always ends.
  const batch = pending.splice(0);
  let failure: { error: unknown } | undefined;
  for (const work of batch) {
    try {
      work();
    } catch (error) {
      // The rest of the turn's work still runs; the fault is raised once it has.
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

/**
 * The event-loop turn we are in, as a number that grows: a request that notes it on arrival can
 * tell later whether its answer is ready in the same turn (see sendEnvelope). Counted only while
 * somebody asks, so an idle server schedules nothing.
 */
export function currentTurn(): number {
  endTurnSoon();
  return turn;
}

/**
 * Runs `work` at the end of this event-loop turn (its check phase), together with everything else
 * deferred in the turn, in the order given. `work` should not throw: a fault would be raised out
 * of the event loop (after the rest of the turn's work has run).
 *
 * The gateway writes its answers this way, as uWebSockets corks its writes: the answers of the
 * requests read in one turn leave back to back once all of them are handled, instead of one write
 * between each two requests' work. A write that reaches a client asleep in its poll pays for
 * waking it (on a virtual machine, an interrupt between CPUs that the hypervisor handles); back to
 * back, the client is still awake for all but the first. On the API benchmark this took the
 * kernel's share of a request from 31 to 13 µs of CPU and the gateway from 7,900 to 11,300
 * requests a second; an answer waits at most for the rest of its turn's work.
 */
export function atEndOfTurn(work: () => void): void {
  pending.push(work);
  endTurnSoon();
}
