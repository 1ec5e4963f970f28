import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/dialer/pacing/createPacer.ts';
import type { AgentView, CallView, PacingView } from '../../src/dialer/pacing/pacer.ts';

function view(agents: AgentView['state'][], calls: CallView[] = []): PacingView {
  return {
    now: 100_000,
    agents: agents.map((state) => ({ state, since: 90_000 })),
    calls,
    targetAbandonRate: 0.03,
    wrapSeconds: 10,
    connectDeadlineSeconds: 2,
    ringTimeoutSeconds: 25,
  };
}

const ringing = (own: boolean): CallView => ({ placedAt: 95_000, own });

describe('createPacer', () => {
  it('parses the strategies', () => {
    expect(createPacer('predictive').strategy).toBe('predictive');
    expect(createPacer('progressive').strategy).toBe('progressive');
    expect(createPacer('ratio:2.5').strategy).toBe('ratio:2.5');
    expect(createPacer('ratio:3').strategy).toBe('ratio:3');
    for (const bad of ['ratio:0', 'ratio:-1', 'ratio:', 'ratio:x', 'ratio', 'fast', '']) {
      expect(() => createPacer(bad)).toThrow(RangeError);
    }
  });

  it('progressive keeps at most one call not yet connected per free agent, counting other campaigns', () => {
    const pacer = createPacer('progressive');
    expect(pacer.decide(view(['free', 'free', 'busy', 'afterCallWork'])).place).toBe(2);
    expect(pacer.decide(view(['free', 'free', 'busy'], [ringing(true)])).place).toBe(1);
    expect(pacer.decide(view(['free', 'free'], [ringing(false), ringing(false)])).place).toBe(0);
    expect(pacer.decide(view(['busy', 'afterCallWork'])).place).toBe(0);
  });

  it('ratio:R keeps R calls in flight per free agent', () => {
    expect(createPacer('ratio:3').decide(view(['free', 'free', 'busy'], [ringing(true)])).place).toBe(5);
    expect(createPacer('ratio:2.5').decide(view(['free', 'free', 'free'])).place).toBe(8); // round(7.5)
    expect(
      createPacer('ratio:2.5').decide(view(['free', 'busy'], [ringing(false), ringing(true)])).place,
    ).toBe(1);
    expect(createPacer('ratio:4').decide(view(['busy', 'busy'])).place).toBe(0);
  });

  it('predictive places at least one call per free agent without a call, and nothing blind at the start', () => {
    const pacer = createPacer('predictive');
    const first = pacer.decide(view(['free', 'free', 'free', 'busy']));
    expect(first.place).toBe(3);
    expect(first.estimates).toHaveProperty('allowedRisk');
    // No budget yet (nothing answered): no call beyond the riskless ones.
    const second = createPacer('predictive').decide(view(['busy', 'busy', 'afterCallWork'], [ringing(true)]));
    expect(second.place).toBe(0);
  });
});
