/**
 * How far this node's clock is from the database's. Leases never depend on it (they are set and
 * compared on the database's clock, and held locally by elapsed monotonic time), but the engine's
 * clock does: campaigns start and end, and calls are stamped, by each node's own time, so nodes
 * whose clocks disagree would disagree on when a campaign ends. A node too far off refuses to
 * start, and warns if it drifts off later (timekeeper of pg-boss: src/timekeeper.ts).
 */
export interface SkewSample {
  /** Database clock minus this node's clock, ms. */
  readonly skewMs: number;
  /** Half the round trip: the database read its clock somewhere within ± this of the midpoint. */
  readonly uncertaintyMs: number;
}

export class ClockSkewError extends Error {
  override name = 'ClockSkewError';
}

export function skewFrom(sentAt: number, dbNow: number, receivedAt: number): SkewSample {
  return { skewMs: dbNow - (sentAt + receivedAt) / 2, uncertaintyMs: (receivedAt - sentAt) / 2 };
}

/** The tightest of a few samples. */
export async function measureSkew(
  dbNow: () => Promise<number>,
  wallNow: () => number = Date.now,
  samples = 3,
): Promise<SkewSample> {
  let best: SkewSample | undefined;
  for (let i = 0; i < samples; i++) {
    const sentAt = wallNow();
    const db = await dbNow();
    const sample = skewFrom(sentAt, db, wallNow());
    if (!best || sample.uncertaintyMs < best.uncertaintyMs) best = sample;
  }
  return best!;
}

/** Whether the skew is certainly beyond `maxMs` (the round trip's uncertainty counts in its favour). */
export function skewExceeds(sample: SkewSample, maxMs: number): boolean {
  return Math.abs(sample.skewMs) - sample.uncertaintyMs > maxMs;
}
