import { describe, expect, it } from 'vitest';
import { callingWindowAt, utcOffsetMs } from '../../src/domain/callingWindow.ts';

const NINE_TO_FIVE = [{ StartTime: '09:00:00', EndTime: '17:00:00' }];
const H = 3_600_000;

describe('calling window in a time zone', () => {
  it('is always open without AvailableTime', () => {
    expect(callingWindowAt(0, 'UTC', [])).toEqual({ open: true, until: Number.POSITIVE_INFINITY });
  });

  it('uses the local time of the campaign time zone', () => {
    // 2025-06-02 00:30 UTC is 08:30 in Shanghai (UTC+8): closed until 09:00 local = 01:00 UTC.
    const t = Date.UTC(2025, 5, 2, 0, 30);
    expect(callingWindowAt(t, 'Asia/Shanghai', NINE_TO_FIVE)).toEqual({
      open: false,
      until: Date.UTC(2025, 5, 2, 1),
    });
    // 01:00 UTC: open until 17:00 local = 09:00 UTC.
    expect(callingWindowAt(Date.UTC(2025, 5, 2, 1), 'Asia/Shanghai', NINE_TO_FIVE)).toEqual({
      open: true,
      until: Date.UTC(2025, 5, 2, 9),
    });
    // The same instant in New York (UTC−4 in June) is 20:30 the day before: closed until 09:00 EDT.
    expect(callingWindowAt(t, 'America/New_York', NINE_TO_FIVE)).toEqual({
      open: false,
      until: Date.UTC(2025, 5, 2, 13),
    });
  });

  it('the end is exclusive and the next window is the next day', () => {
    const t = Date.UTC(2025, 5, 2, 9); // 17:00 in Shanghai
    expect(callingWindowAt(t, 'Asia/Shanghai', NINE_TO_FIVE)).toEqual({
      open: false,
      until: Date.UTC(2025, 5, 3, 1),
    });
  });

  it('opens at 09:00 local on both sides of the spring-forward change (New York, 2025-03-09)', () => {
    // Saturday 8 March: EST (UTC−5), 09:00 local = 14:00 UTC.
    expect(callingWindowAt(Date.UTC(2025, 2, 8, 13, 59), 'America/New_York', NINE_TO_FIVE).open).toBe(false);
    expect(callingWindowAt(Date.UTC(2025, 2, 8, 14), 'America/New_York', NINE_TO_FIVE).open).toBe(true);
    // Closed Saturday evening: the answer holds until the offset changes at 02:00 local (07:00 UTC)…
    const evening = callingWindowAt(Date.UTC(2025, 2, 8, 23), 'America/New_York', NINE_TO_FIVE);
    expect(evening).toEqual({ open: false, until: Date.UTC(2025, 2, 9, 7) });
    // …and then until 09:00 EDT (UTC−4) = 13:00 UTC, an hour earlier in UTC than the day before.
    expect(callingWindowAt(evening.until, 'America/New_York', NINE_TO_FIVE)).toEqual({
      open: false,
      until: Date.UTC(2025, 2, 9, 13),
    });
    expect(callingWindowAt(Date.UTC(2025, 2, 9, 13), 'America/New_York', NINE_TO_FIVE).open).toBe(true);
    expect(callingWindowAt(Date.UTC(2025, 2, 9, 12, 59), 'America/New_York', NINE_TO_FIVE).open).toBe(false);
  });

  it('a window edge inside the skipped hour takes effect at the jump', () => {
    // 02:30 does not exist in New York on 2025-03-09: a window from 02:30 opens at 03:00 EDT (07:00 UTC).
    const w = [{ StartTime: '02:30:00', EndTime: '04:00:00' }];
    const before = callingWindowAt(Date.UTC(2025, 2, 9, 6), 'America/New_York', w); // 01:00 EST
    expect(before).toEqual({ open: false, until: Date.UTC(2025, 2, 9, 7) });
    expect(callingWindowAt(before.until, 'America/New_York', w)).toEqual({
      open: true,
      until: Date.UTC(2025, 2, 9, 8),
    });
  });

  it('the repeated hour of the fall-back change is re-evaluated (New York, 2025-11-02)', () => {
    const w = [{ StartTime: '01:30:00', EndTime: '03:00:00' }];
    // 01:30 EDT = 05:30 UTC: open, but only until the offset changes at 06:00 UTC (02:00 EDT → 01:00 EST).
    const first = callingWindowAt(Date.UTC(2025, 10, 2, 5, 30), 'America/New_York', w);
    expect(first).toEqual({ open: true, until: Date.UTC(2025, 10, 2, 6) });
    // 01:00 EST is before 01:30 again: closed until 01:30 EST = 06:30 UTC.
    expect(callingWindowAt(first.until, 'America/New_York', w)).toEqual({
      open: false,
      until: Date.UTC(2025, 10, 2, 6, 30),
    });
    // Then open until 03:00 EST = 08:00 UTC.
    expect(callingWindowAt(Date.UTC(2025, 10, 2, 6, 30), 'America/New_York', w)).toEqual({
      open: true,
      until: Date.UTC(2025, 10, 2, 8),
    });
  });

  it('several windows a day', () => {
    const w = [
      { StartTime: '13:00:00', EndTime: '18:00:00' },
      { StartTime: '09:00:00', EndTime: '12:00:00' },
    ];
    expect(callingWindowAt(Date.UTC(2025, 0, 6, 12, 30), 'UTC', w)).toEqual({
      open: false,
      until: Date.UTC(2025, 0, 6, 13),
    });
    expect(callingWindowAt(Date.UTC(2025, 0, 6, 10), 'UTC', w)).toEqual({
      open: true,
      until: Date.UTC(2025, 0, 6, 12),
    });
  });

  it('knows the offsets', () => {
    expect(utcOffsetMs(Date.UTC(2025, 0, 1), 'Asia/Shanghai')).toBe(8 * H);
    expect(utcOffsetMs(Date.UTC(2025, 0, 1), 'America/New_York')).toBe(-5 * H);
    expect(utcOffsetMs(Date.UTC(2025, 6, 1), 'America/New_York')).toBe(-4 * H);
    expect(utcOffsetMs(Date.UTC(2025, 6, 1), 'Asia/Kolkata')).toBe(5.5 * H);
  });
});
