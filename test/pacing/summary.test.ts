import { describe, expect, it } from 'vitest';
import { type CallRecord, summarize } from '../../src/simulation/summary.ts';

describe('summarize', () => {
  it('counts attempts, answers, connects and abandons, and computes occupancy and talk', () => {
    const calls: CallRecord[] = [
      { placedAt: 0 }, // no answer
      { placedAt: 0, answeredAt: 5, connectedAt: 5, talkSeconds: 100 },
      { placedAt: 10, answeredAt: 18, connectedAt: 19, talkSeconds: 50 },
      { placedAt: 20, answeredAt: 30, abandonedAt: 32 },
    ];
    const s = summarize({ calls, agents: 2, simulatedSeconds: 1000, wrapSeconds: 10 });
    expect(s).toMatchObject({ attempts: 4, answered: 3, connected: 2, abandoned: 1 });
    expect(s.abandonRate).toBeCloseTo(1 / 3, 12);
    // Talk 150 s + wrap 2 × 10 s over 2 agents × 1000 s.
    expect(s.occupancy).toBeCloseTo(170 / 2000, 12);
    // 2.5 talk minutes over 2 agents × 1000/3600 h = 4.5 minutes per agent-hour.
    expect(s.talkMinutesPerAgentHour).toBeCloseTo(2.5 / (2 * (1000 / 3600)), 12);
    // Shorter than an hour: one window, the whole run.
    expect(s.maxRollingHourAbandonRate).toBeCloseTo(1 / 3, 12);
  });

  it('clips talk and wrap-up to the simulated span', () => {
    const calls: CallRecord[] = [
      { placedAt: 900, answeredAt: 950, connectedAt: 950, talkSeconds: 100 }, // talk 50 s counted, no wrap
      { placedAt: 800, answeredAt: 890, connectedAt: 890, talkSeconds: 105 }, // talk 105 s, wrap 5 s
    ];
    const s = summarize({ calls, agents: 1, simulatedSeconds: 1000, wrapSeconds: 10 });
    expect(s.occupancy).toBeCloseTo((50 + 105 + 5) / 1000, 12);
    expect(s.talkMinutesPerAgentHour).toBeCloseTo(155 / 60 / (1000 / 3600), 12);
  });

  it('finds the worst rolling hour over windows stepped by a minute, by answer time', () => {
    const connected = (at: number): CallRecord => ({
      placedAt: at - 5,
      answeredAt: at,
      connectedAt: at,
      talkSeconds: 1,
    });
    const abandoned = (at: number): CallRecord => ({ placedAt: at - 5, answeredAt: at, abandonedAt: at + 2 });
    const calls: CallRecord[] = [
      ...Array.from({ length: 10 }, () => connected(30)),
      ...Array.from({ length: 8 }, () => connected(1800)),
      abandoned(3630),
      abandoned(3630),
      ...Array.from({ length: 10 }, () => connected(5000)),
    ];
    const s = summarize({ calls, agents: 10, simulatedSeconds: 7200, wrapSeconds: 0 });
    // Windows [s, s + 3600) for s = 0, 60, …, 3600:
    //   s = 0:            18 answered, 0 abandoned → 0
    //   s = 60 … 1800:    8 + 2 answered, 2 abandoned → 0.2   (the worst)
    //   s = 1860 … 3600:  2 + 10 answered, 2 abandoned → 1/6
    expect(s.maxRollingHourAbandonRate).toBeCloseTo(0.2, 12);
    expect(s.abandonRate).toBeCloseTo(2 / 30, 12);
  });

  it('places a call answered on a window boundary in the window that starts there', () => {
    const calls: CallRecord[] = [
      { placedAt: 0, answeredAt: 10, connectedAt: 10, talkSeconds: 1 },
      { placedAt: 3590, answeredAt: 3600, abandonedAt: 3602 },
    ];
    // Windows: [0, 3600) holds only the connected call; [60, 3660) only the abandoned one.
    const s = summarize({ calls, agents: 1, simulatedSeconds: 3660, wrapSeconds: 0 });
    expect(s.maxRollingHourAbandonRate).toBe(1);
    const first = summarize({ calls, agents: 1, simulatedSeconds: 3600, wrapSeconds: 0 });
    expect(first.maxRollingHourAbandonRate).toBe(0);
  });

  it('is zero-safe and fast on a 300k-call day', () => {
    expect(summarize({ calls: [], agents: 5, simulatedSeconds: 3600, wrapSeconds: 10 })).toMatchObject({
      attempts: 0,
      answered: 0,
      abandonRate: 0,
      maxRollingHourAbandonRate: 0,
      occupancy: 0,
    });
    const calls: CallRecord[] = [];
    for (let i = 0; i < 300_000; i++) {
      const t = (i * 28_800) / 300_000;
      calls.push(
        i % 7 === 0
          ? { placedAt: t, answeredAt: t + 8, connectedAt: t + 8, talkSeconds: 60 }
          : i % 97 === 0
            ? { placedAt: t, answeredAt: t + 8, abandonedAt: t + 10 }
            : { placedAt: t },
      );
    }
    const started = performance.now();
    const s = summarize({ calls, agents: 100, simulatedSeconds: 28_800, wrapSeconds: 10 });
    expect(performance.now() - started).toBeLessThan(250);
    expect(s.attempts).toBe(300_000);
    expect(s.answered).toBe(s.connected + s.abandoned);
  });
});
