/** A moment as the CDR actions report it: unix seconds, 0 for one that has not happened. */
export function unixSeconds(ms: number | null): number {
  return ms === null ? 0 : Math.floor(ms / 1000);
}

/** Whole seconds between two moments, 0 unless both happened. */
export function secondsBetween(fromMs: number | null, toMs: number | null): number {
  return fromMs === null || toMs === null ? 0 : Math.max(0, Math.floor((toMs - fromMs) / 1000));
}
