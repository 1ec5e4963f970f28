/**
 * `progressive`: one call in flight per free agent — the zero-risk baseline.
 *
 * Model: it places calls only for agents free now, and never more calls (ringing or answered and
 * waiting, this campaign's or another's on the same pool) than there are free agents, so every
 * answered call finds an agent and nothing is ever abandoned. The price is idle time: an agent
 * waits for whole ring cycles until one of its calls is answered, and nothing is dialed for agents
 * in talk or wrap-up. Measured with the plain simulation (bench/pacing/matrix.ts, 8 h, wrap 10 s,
 * ring mean 8 s): 0% abandons everywhere, but at 15% answer rate and 60 s talk agents talk only
 * ~19 of the 51.4 minutes per hour the ceiling allows (35%: ~30); see docs/pacing.md.
 */
import type { Pacer, PacingDecision, PacingView } from './pacer.ts';

export function createProgressivePacer(): Pacer {
  return {
    strategy: 'progressive',
    observe() {},
    decide(view: PacingView): PacingDecision {
      let free = 0;
      for (const agent of view.agents) if (agent.state === 'free') free++;
      const inFlight = view.calls.length;
      return { place: Math.max(0, free - inFlight), estimates: { free, inFlight } };
    },
  };
}
