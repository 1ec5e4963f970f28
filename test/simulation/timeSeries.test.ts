import { describe, expect, it } from 'vitest';
import { timeSeries } from '../../src/simulation/timeSeries.ts';

describe('simulation time series', () => {
  it('computes occupancy per step and abandon rates so far and over the last hour, by hand', () => {
    const points = timeSeries({
      agents: 2,
      simulatedSeconds: 7200,
      wrapSeconds: 10,
      stepSeconds: 3600,
      calls: [
        // Connected at 100 s, talks 50 s, wraps 10 s: 60 s busy in hour 1.
        { placedAt: 90, answeredAt: 100, connectedAt: 100, talkSeconds: 50 },
        // Abandoned in hour 1.
        { placedAt: 200, answeredAt: 210, abandonedAt: 212 },
        // Connected at 3590 s for 20 s: 10 s in hour 1, 10 + 10 (wrap) in hour 2.
        { placedAt: 3580, answeredAt: 3590, connectedAt: 3590, talkSeconds: 20 },
        // Still talking at the end: clipped at 7200.
        { placedAt: 7000, answeredAt: 7100, connectedAt: 7100, talkSeconds: Number.POSITIVE_INFINITY },
        // Never answered: not counted.
        { placedAt: 5000 },
      ],
    });
    expect(points).toHaveLength(2);
    expect(points[0]).toEqual({
      t: 3600,
      occupancy: 70 / 7200,
      abandonRate: 1 / 3,
      rollingHourAbandonRate: 1 / 3,
    });
    expect(points[1]!.t).toBe(7200);
    expect(points[1]!.occupancy).toBeCloseTo(120 / 7200);
    expect(points[1]!.abandonRate).toBeCloseTo(1 / 4);
    expect(points[1]!.rollingHourAbandonRate).toBe(0);
  });
});
