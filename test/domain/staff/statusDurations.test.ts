import { describe, expect, it } from 'vitest';
import { sumStatusDurations, todaySoFar } from '../../../src/domain/staff/statusDurations.ts';

const DAY = Date.UTC(2025, 2, 10);
const H = 3_600_000;

describe('todaySoFar', () => {
  it('runs from UTC midnight to now', () => {
    expect(todaySoFar(DAY + 5 * H + 7)).toEqual({ from: DAY, to: DAY + 5 * H + 7 });
    expect(todaySoFar(DAY)).toEqual({ from: DAY, to: DAY });
  });
});

describe('sumStatusDurations', () => {
  it('lets each status last until the next row, the last one until the end of the window', () => {
    const d = sumStatusDurations(
      [
        { status: 'free', at: DAY + 1 * H },
        { status: 'busy', at: DAY + 2 * H },
        { status: 'offline', at: DAY + 3 * H },
        { status: 'rest', at: DAY + 5 * H },
      ],
      DAY,
      DAY + 6 * H,
    );
    expect(d.byStatus).toEqual({ free: H, busy: H, afterCallWork: 0, rest: H, notReady: 0, offline: 2 * H });
    expect(d.online).toBe(3 * H);
  });

  it('cuts the row in force at the start of the window to the window', () => {
    const d = sumStatusDurations([{ status: 'notReady', at: DAY - 10 * H }], DAY, DAY + H);
    expect(d.byStatus.notReady).toBe(H);
  });

  it('counts nothing before the first row, and nothing for rows after the end', () => {
    const d = sumStatusDurations(
      [
        { status: 'free', at: DAY + H },
        { status: 'busy', at: DAY + 3 * H },
      ],
      DAY,
      DAY + 2 * H,
    );
    expect(d.byStatus).toMatchObject({ free: H, busy: 0 });
    expect(d.online).toBe(H);
  });

  it('is zero for an agent with no history', () => {
    expect(sumStatusDurations([], DAY, DAY + H).online).toBe(0);
  });
});
