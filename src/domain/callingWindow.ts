/**
 * Whether calls may be placed now under a campaign's AvailableTime, in its IANA TimeZone, and until
 * when that answer holds — so the engine evaluates it once per window edge, not once per tick.
 *
 * Local wall time comes from Intl only (no tz database of our own). Around a daylight-saving change
 * local time jumps: the answer is "inside a window" exactly when the local time of day is in one of
 * the [StartTime, EndTime) ranges, so a window edge that falls in a spring-forward gap takes effect
 * at the jump, and the answer is re-evaluated at every offset change (`until` never runs past one).
 */
import type { TimeRange } from './campaign/availableTime.ts';
import { secondsOfDay } from './campaign/availableTime.ts';

export interface WindowState {
  /** Calls may be placed now. */
  readonly open: boolean;
  /** ms: the answer holds until this instant (exclusive); Infinity when it never changes. */
  readonly until: number;
}

const DAY_MS = 86_400_000;
const ALWAYS: WindowState = { open: true, until: Number.POSITIVE_INFINITY };

/** Windows as [start, end) seconds of the local day; one crossing midnight is split in two. */
function rangesOf(windows: readonly TimeRange[]): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (const w of windows) {
    const start = secondsOfDay(w.StartTime);
    const end = secondsOfDay(w.EndTime);
    if (start === undefined || end === undefined) continue;
    if (start < end) ranges.push([start, end]);
    else if (start > end) ranges.push([start, 86_400], [0, end]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

export function callingWindowAt(now: number, timeZone: string, windows: readonly TimeRange[]): WindowState {
  if (windows.length === 0) return ALWAYS;
  const ranges = rangesOf(windows);
  if (ranges.length === 0) return ALWAYS;
  const offset = utcOffsetMs(now, timeZone);
  const local = now + offset;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const second = (local - dayStart) / 1000;
  let open = false;
  let edgeSeconds = Number.POSITIVE_INFINITY;
  for (const [start, end] of ranges) {
    if (second >= start && second < end) {
      open = true;
      // Contiguous ranges (a window split at midnight, or touching windows) are one stretch.
      let stretchEnd = end;
      for (const [s2, e2] of ranges) if (s2 <= stretchEnd && e2 > stretchEnd) stretchEnd = e2;
      edgeSeconds = stretchEnd;
      break;
    }
  }
  if (!open) {
    const next = ranges.find(([start]) => start > second);
    edgeSeconds = next ? next[0] : 86_400 + ranges[0]![0];
  }
  // The edge in local time, assuming the offset holds until then.
  const candidate = dayStart + edgeSeconds * 1000 - offset;
  if (utcOffsetMs(candidate, timeZone) === offset) return { open, until: candidate };
  return { open, until: nextOffsetChange(now, candidate, offset, timeZone) };
}

/** The first instant in (from, to] whose UTC offset differs from `offset` (bisection to the ms). */
function nextOffsetChange(from: number, to: number, offset: number, timeZone: string): number {
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (utcOffsetMs(mid, timeZone) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local time minus UTC at an instant, ms (e.g. +8 h for Asia/Shanghai). */
export function utcOffsetMs(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return asUtc - wholeSecond;
}
