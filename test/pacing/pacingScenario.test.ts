import { describe, expect, it } from 'vitest';
import { runPlainSimulation } from '../../bench/pacing/plainSimulation.ts';
import { createPacer } from '../../src/dialer/pacing/createPacer.ts';

const scenario = (strategy: string, seed: number) =>
  runPlainSimulation({
    agents: 20,
    hours: 1,
    callee: {
      answerRate: 0.25,
      busyRate: 0.1,
      ringMeanSeconds: 8,
      ringTimeoutSeconds: 25,
      talkMeanSeconds: 90,
    },
    wrapSeconds: 10,
    targetAbandonRate: 0.05,
    pacer: createPacer(strategy),
    seed,
  });

describe('pacing scenario: 20 agents, one simulated hour, target 5%', () => {
  it('predictive holds the abandon target and talks more than progressive', () => {
    for (const seed of [1, 2]) {
      const predictive = scenario('predictive', seed);
      const progressive = scenario('progressive', seed);
      expect(predictive.abandonRate).toBeLessThanOrEqual(0.05);
      expect(predictive.maxRollingHourAbandonRate).toBeLessThanOrEqual(0.07);
      expect(predictive.talkMinutesPerAgentHour).toBeGreaterThanOrEqual(progressive.talkMinutesPerAgentHour);
      // Not by a hair: dialing ahead for agents about to free up is worth several minutes an hour.
      expect(predictive.talkMinutesPerAgentHour).toBeGreaterThan(progressive.talkMinutesPerAgentHour + 5);
    }
  });
});
