/**
 * `ratio:R`: a fixed dial level — R calls in flight per free agent.
 *
 * Model: the classic fixed-ratio predictive dialer. With F agents free it keeps round(R × F) calls
 * in flight (ringing, or answered and waiting for an agent; every campaign's calls on the pool
 * count, since they all compete for the same agents). With answer rate p, R ≈ 1/p gives each free
 * agent one expected answer a ring time later; more over-dials into abandons, less leaves agents
 * idle. It dials nothing for agents about to free up (in talk or wrap-up), so agents always idle at
 * least a ring time between calls, and it ignores the abandon rate it causes: the right R depends
 * on team size, answer rate and talk time, and must be found by trial. Measured with the plain
 * simulation (bench/pacing/matrix.ts, which searches R in 1..20 per cell for the most talk within the
 * target): the best R runs from 1.375 (5 agents, 35% answers: any higher and two calls go out for one
 * free agent, and the rolling hour breaks) to the cap of 20 (500 agents, 15% answers); the best
 * ratio reaches 65–84% of the ceiling 60 × talk / (talk + wrap) with 5 agents and 92–98% with 100–500
 * (100 agents, 35% answers, 60 s talk, 3%: ratio:7.44 gives 48.3 talk minutes per agent-hour of
 * 51.4; predictive 50.4).
 */
import type { Pacer, PacingDecision, PacingView } from './pacer.ts';

export function createRatioPacer(ratio: number): Pacer {
  if (!(Number.isFinite(ratio) && ratio > 0))
    throw new RangeError(`ratio must be a positive number (${ratio})`);
  return {
    strategy: `ratio:${ratio}`,
    observe() {},
    decide(view: PacingView): PacingDecision {
      let free = 0;
      for (const agent of view.agents) if (agent.state === 'free') free++;
      const inFlight = view.calls.length;
      const wanted = Math.floor(ratio * free + 0.5);
      return { place: Math.max(0, wanted - inFlight), estimates: { free, inFlight, wanted } };
    },
  };
}
