import { describe, expect, it } from 'vitest';
import { runPlainSimulation } from '../../bench/pacing/plainSimulation.ts';
import { createPacer } from '../../src/dialer/pacing/createPacer.ts';
import type { Pacer, PacingObservation } from '../../src/dialer/pacing/pacer.ts';

/** A pacer that places `calls` at the first decision and records what it observes. */
function scripted(calls: number): Pacer & { seen: PacingObservation[] } {
  let done = false;
  const seen: PacingObservation[] = [];
  return {
    strategy: 'scripted',
    seen,
    observe: (o) => {
      seen.push(o);
    },
    decide: () => {
      const place = done ? 0 : calls;
      done = true;
      return { place, estimates: {} };
    },
  };
}

const quickAnswer = { answerRate: 1, busyRate: 0, ringMeanSeconds: 0.01, ringTimeoutSeconds: 25 };

describe('runPlainSimulation', () => {
  it('abandons an answered call when no agent frees up within the connect deadline', () => {
    const pacer = scripted(2);
    const s = runPlainSimulation({
      agents: 1,
      hours: 0.1,
      callee: { ...quickAnswer, talkMeanSeconds: 100_000 },
      wrapSeconds: 10,
      targetAbandonRate: 0.03,
      pacer,
      seed: 1,
    });
    expect(s).toMatchObject({ attempts: 2, answered: 2, connected: 1, abandoned: 1 });
    const abandon = pacer.seen.find((o) => o.type === 'abandoned');
    const answers = pacer.seen.filter((o) => o.type === 'answered');
    expect(abandon!.at - answers[1]!.at).toBe(2000);
  });

  it('serves a waiting call when an agent frees up before the deadline', () => {
    const pacer = scripted(2);
    const s = runPlainSimulation({
      agents: 1,
      hours: 0.1,
      callee: { ...quickAnswer, talkMeanSeconds: 0 },
      wrapSeconds: 1,
      targetAbandonRate: 0.03,
      pacer,
      seed: 1,
    });
    expect(s).toMatchObject({ attempts: 2, answered: 2, connected: 2, abandoned: 0 });
    const connects = pacer.seen.filter((o) => o.type === 'connected');
    expect(connects.map((o) => (o.type === 'connected' ? o.waitSeconds : -1))[1]).toBeGreaterThan(0.9);
  });

  it('never abandons with progressive, and is reproducible from the seed', () => {
    const run = () =>
      runPlainSimulation({
        agents: 10,
        hours: 1,
        callee: {
          answerRate: 0.3,
          busyRate: 0.1,
          ringMeanSeconds: 8,
          ringTimeoutSeconds: 25,
          talkMeanSeconds: 60,
        },
        wrapSeconds: 10,
        targetAbandonRate: 0.03,
        pacer: createPacer('progressive'),
        seed: 3,
      });
    const a = run();
    expect(a.abandoned).toBe(0);
    expect(a.connected).toBeGreaterThan(200);
    expect(run()).toEqual(a);
  });
});
