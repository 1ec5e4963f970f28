import { isOnline, STAFF_STATUSES, type StaffStatus } from './staffStatus.ts';

/** One row of an agent's status log: from `at` (ms) on, the agent was in `status`. */
export interface StatusLogEntry {
  readonly status: StaffStatus;
  readonly at: number;
}

/** Milliseconds spent in each status over a window, and online (any status but offline) in total. */
export interface StatusDurations {
  readonly byStatus: Readonly<Record<StaffStatus, number>>;
  readonly online: number;
}

const DAY_MS = 86_400_000;

/** Metrics are "today": the UTC day of the business clock, from its midnight up to now. */
export function todaySoFar(now: number): { readonly from: number; readonly to: number } {
  return { from: Math.floor(now / DAY_MS) * DAY_MS, to: now };
}

/**
 * Sums how long an agent spent in each status between `from` and `to`. `entries` are the agent's
 * log rows in time order: the last one at or before `from` (the status the window opens in) and
 * every later one. Each status lasts until the next row, the last one until `to`; rows after `to`
 * (a clock that went back) are ignored, and time before the first row counts for nothing.
 */
export function sumStatusDurations(
  entries: readonly StatusLogEntry[],
  from: number,
  to: number,
): StatusDurations {
  const byStatus = Object.fromEntries(STAFF_STATUSES.map((s) => [s, 0])) as Record<StaffStatus, number>;
  let online = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const next = entries[i + 1];
    const start = Math.max(entry.at, from);
    const end = Math.min(next ? next.at : to, to);
    if (end <= start) continue;
    byStatus[entry.status] += end - start;
    if (isOnline(entry.status)) online += end - start;
  }
  return { byStatus, online };
}
