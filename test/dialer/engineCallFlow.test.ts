import { describe, expect, it } from 'vitest';
import type { Pacer, PacingView } from '../../src/dialer/pacing/pacer.ts';
import { createRatioPacer } from '../../src/dialer/pacing/ratioPacer.ts';
import type { SimOutcome } from '../../src/telephony/sim/simTelephony.ts';
import { answered, busy, noAnswer, startHarness, T0 } from './support/engineHarness.ts';

/** The callee's position in the harness's numbering (+8613800000NNN). */
const index = (callee: string) => Number(callee.slice(-3));

describe('call flow', () => {
  it('records every outcome as SPEC §4 has it', async () => {
    const outcomes: SimOutcome[] = [
      answered(4, 30),
      busy(3),
      noAnswer(25),
      { kind: 'failed', cause: 'rejected', afterSeconds: 2 },
      { kind: 'failed', cause: 'powerOff', afterSeconds: 1 },
      { kind: 'refused', cause: 'numberNotExist' },
      { kind: 'refused', cause: 'numberInvalid' },
      { kind: 'failed', cause: 'networkFailure', afterSeconds: 1 },
    ];
    const h = await startHarness({ agents: 8, script: (r) => outcomes[index(r.callee)], seatHangUpShare: 1 });
    const id = h.addCampaign(
      {
        uui: 'campaign-uui',
        variables: [
          { Key: 'product', Value: 'loan' },
          { Key: 'region', Value: 'north' },
        ],
      },
      outcomes.map((_, i) => ({
        number: `+8613800000${String(i).padStart(3, '0')}`,
        ...(i === 0
          ? {
              uui: 'callee-uui',
              variables: [
                { Key: 'region', Value: 'south' },
                { Key: 'name', Value: 'Li' },
              ],
            }
          : {}),
      })),
    );
    await h.runTo(120);
    const byIndex = new Map(h.store.sessions(id).map((s) => [s.calleeSeq, s]));
    expect([...byIndex.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(byIndex.get(0)).toMatchObject({
      endStatus: 1,
      hungUpSide: 'seat',
      sessionStatus: 'finished',
      callType: 5,
      caller: '+861000',
      startTs: T0,
      ringTs: T0,
      acceptTs: T0 + 4000,
      queuedTs: T0 + 4000,
      seatJoinTs: T0 + 4000,
      endedTs: T0 + 34_000,
      seatMail: 'agent1@acme.test',
      seatUser: 'agent1@acme.test',
      staffNumber: '1001',
      skillGroupId: 255,
      skillGroupName: 'Outbound sales',
      uui: 'callee-uui',
      variables: [
        { Key: 'product', Value: 'loan' },
        { Key: 'region', Value: 'south' },
        { Key: 'name', Value: 'Li' },
      ],
    });
    expect(byIndex.get(1)).toMatchObject({
      endStatus: 206,
      hungUpSide: 'user',
      endedTs: T0 + 3000,
      acceptTs: null,
    });
    expect(byIndex.get(2)).toMatchObject({ endStatus: 202, hungUpSide: 'system', endedTs: T0 + 25_000 });
    expect(byIndex.get(3)).toMatchObject({ endStatus: 203 });
    expect(byIndex.get(4)).toMatchObject({ endStatus: 204 });
    expect(byIndex.get(5)).toMatchObject({ endStatus: 205, hungUpSide: 'system', ringTs: null });
    expect(byIndex.get(6)).toMatchObject({ endStatus: 215 });
    expect(byIndex.get(7)).toMatchObject({ endStatus: 208 });
    // The campaign's UUI and Variables go to callees without their own.
    expect(byIndex.get(1)).toMatchObject({
      uui: 'campaign-uui',
      variables: [
        { Key: 'product', Value: 'loan' },
        { Key: 'region', Value: 'north' },
      ],
    });
    // Callers rotate.
    expect(
      h.store
        .sessions(id)
        .map((s) => s.caller)
        .slice(0, 4),
    ).toEqual(['+861000', '+861001', '+861000', '+861001']);
  });

  it('an answered call goes to the longest-idle free agent, who wraps up and is free again', async () => {
    const h = await startHarness({ agents: 3, script: () => answered(1, 20) });
    h.addCampaign({}, 1);
    await h.runTo(40);
    // agent1 has been free the longest (the harness frees agent i at T0 − (100 − i) s).
    expect(h.events('call:connected')[0]!.agent).toBe('agent1@acme.test');
    expect(h.events('agent:status').map((e) => `${e.mail}:${e.status}@${(e.at - T0) / 1000}`)).toEqual([
      'agent1@acme.test:busy@1',
      'agent1@acme.test:afterCallWork@21',
      'agent1@acme.test:free@31',
    ]);
    expect(h.store.agent(1400000000, 'agent1@acme.test')!.status).toBe('free');
  });

  it('abandons an answered call no agent takes within 2 s: hung up with 103 without an IVR', async () => {
    const h = await startHarness({
      agents: 1,
      script: (r) => [answered(1, 100), answered(1.5, 100)][index(r.callee)],
      engine: { pacerFor: () => createRatioPacer(2) },
    });
    const id = h.addCampaign({ retryTimes: 1, retryIntervalSeconds: 600 }, 2);
    await h.runTo(10);
    const s = h.store.sessions(id).find((x) => x.calleeSeq === 1)!;
    expect(s).toMatchObject({
      endStatus: 103,
      hungUpSide: 'system',
      acceptTs: T0 + 1500,
      endedTs: T0 + 3500,
      seatJoinTs: null,
      seatMail: null,
    });
    expect(h.events('call:abandoned')).toEqual([
      { at: T0 + 3500, campaignId: id, sessionId: s.sessionId, endStatus: 103 },
    ]);
    // An abandoned callee is tried again (RetryInterval later).
    expect(h.store.callee(id, 1)).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: T0 + 3500 + 600_000,
    });
  });

  it('hands the abandoned call to the campaign IVR with 107 when IVRId is set', async () => {
    const h = await startHarness({
      agents: 1,
      script: (r) => [answered(1, 100), answered(1.5, 100)][index(r.callee)],
      engine: { pacerFor: () => createRatioPacer(2) },
    });
    const id = h.addCampaign({ ivrId: 4600 }, 2);
    await h.runTo(30);
    const s = h.store.sessions(id).find((x) => x.calleeSeq === 1)!;
    // Abandoned at 3.5 s, then the IVR message plays (10 s in sim) before the call ends.
    expect(h.events('call:abandoned')[0]).toMatchObject({ at: T0 + 3500, endStatus: 107 });
    expect(s).toMatchObject({ endStatus: 107, ivrId: 4600, endedTs: T0 + 13_500, hungUpSide: 'system' });
  });

  it('a call answered while every agent is busy is taken by the first agent to free up within the deadline', async () => {
    const h = await startHarness({
      agents: 1,
      app: { wrapUpSeconds: 0 },
      script: (r) => [answered(1, 10), answered(10.5, 30)][index(r.callee)],
      engine: { pacerFor: () => createRatioPacer(2) },
    });
    const id = h.addCampaign({}, 2);
    await h.runTo(60);
    const s = h.store.sessions(id).find((x) => x.calleeSeq === 1)!;
    expect(s).toMatchObject({ endStatus: 1, acceptTs: T0 + 10_500, seatJoinTs: T0 + 11_000 });
    expect(h.events('call:connected')[1]!.waitSeconds).toBeCloseTo(0.5);
  });

  it('retries busy and unanswered callees after RetryInterval, up to RetryTimes more times', async () => {
    const h = await startHarness({ agents: 1, script: () => busy(3) });
    const id = h.addCampaign({ retryTimes: 2, retryIntervalSeconds: 120 }, 1);
    await h.runTo(3600);
    const starts = h.store.sessions(id).map((s) => (s.startTs - T0) / 1000);
    // Ends at 3 s, next due at 123 s; then 246 s; then finished (1 + 2 attempts).
    expect(starts).toEqual([0, 123, 246]);
    expect(h.store.sessions(id).map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(h.store.callee(id, 0)).toMatchObject({ state: 'finished', attempts: 3, lastEndStatus: 206 });
    expect(h.store.campaign(id)).toMatchObject({ status: 4, finishedCalleeCount: 1 });
  });

  it('does not retry a callee who rejected the call', async () => {
    const h = await startHarness({ script: () => ({ kind: 'failed', cause: 'rejected', afterSeconds: 2 }) });
    const id = h.addCampaign({ retryTimes: 2, retryIntervalSeconds: 60 }, 1);
    await h.runTo(600);
    expect(h.store.sessions(id)).toHaveLength(1);
    expect(h.store.callee(id, 0)).toMatchObject({ state: 'finished', lastEndStatus: 203 });
  });

  it('keeps an abandoned callee quiet for the application quiet period (UK: 72 h)', async () => {
    const h = await startHarness({
      agents: 1,
      app: { abandonQuietSeconds: 72 * 3600 },
      script: (r) => [answered(1, 100), answered(1.5, 100)][index(r.callee)],
      engine: { pacerFor: () => createRatioPacer(2) },
    });
    const id = h.addCampaign({ retryTimes: 1, retryIntervalSeconds: 60 }, 2);
    await h.runTo(3 * 3600);
    expect(h.store.callee(id, 1)).toMatchObject({
      state: 'pending',
      nextAttemptAt: T0 + 3500 + 72 * 3600 * 1000,
    });
    expect(h.store.sessions(id).filter((s) => s.calleeSeq === 1)).toHaveLength(1);
  });

  it('the pacer holds the lower of ExpectedAbandonRate and the application ceiling', async () => {
    const targets: number[] = [];
    const spy: Pacer = {
      strategy: 'spy',
      observe() {},
      decide(view: PacingView) {
        targets.push(view.targetAbandonRate);
        return { place: 0, estimates: {} };
      },
    };
    const h = await startHarness({ app: { abandonRateCeiling: 3 }, engine: { pacerFor: () => spy } });
    h.addCampaign({ expectedAbandonRate: 10 }, 1);
    await h.runTo(1);
    expect(new Set(targets)).toEqual(new Set([0.03]));
  });

  it('an agent in rest or notReady gets no calls; set free again, they do', async () => {
    const h = await startHarness({ agents: 1, script: () => answered(1, 10) });
    h.store.setStatus({
      sdkAppId: 1400000000,
      mail: 'agent1@acme.test',
      status: 'rest',
      reason: 'lunch',
      at: T0,
    });
    h.engine.staffChanged(1400000000, 'agent1@acme.test');
    h.addCampaign({}, 2);
    await h.runTo(300);
    expect(h.events('call:placed')).toHaveLength(0);
    h.store.setStatus({
      sdkAppId: 1400000000,
      mail: 'agent1@acme.test',
      status: 'free',
      reason: '',
      at: T0 + 300_000,
    });
    h.engine.staffChanged(1400000000, 'agent1@acme.test');
    await h.runTo(302);
    expect(h.events('call:connected')).toHaveLength(1);
  });

  it('an agent who asks for rest during a call keeps it after the call (no wrap-up into free)', async () => {
    const h = await startHarness({ agents: 1, script: () => answered(1, 60) });
    const id = h.addCampaign({}, 3);
    await h.runTo(10);
    h.store.setStatus({
      sdkAppId: 1400000000,
      mail: 'agent1@acme.test',
      status: 'rest',
      reason: '',
      at: T0 + 10_000,
    });
    h.engine.staffChanged(1400000000, 'agent1@acme.test');
    await h.runTo(600);
    expect(h.store.sessions(id)).toHaveLength(1);
    expect(h.store.session(h.store.sessions(id)[0]!.sessionId)).toMatchObject({ endStatus: 1 });
    expect(h.store.agent(1400000000, 'agent1@acme.test')!.status).toBe('rest');
  });

  it('HangUpCall ends a live call: a ringing one with 209, a connected one with 1', async () => {
    const h = await startHarness({
      agents: 1,
      script: (r) => [answered(2, 300), noAnswer(25)][index(r.callee)],
    });
    const id = h.addCampaign({}, 2);
    await h.runTo(5);
    const talking = h.store.sessions(id)[0]!;
    expect(await h.engine.hangUp(talking.sessionId)).toBe(true);
    await h.runTo(6);
    expect(h.store.session(talking.sessionId)).toMatchObject({
      endStatus: 1,
      hungUpSide: 'system',
      endedTs: T0 + 5000,
    });
    expect(await h.engine.hangUp('no-such-session')).toBe(false);
  });

  it('never has more live calls than the application allows, nor starts more per second', async () => {
    let maxLive = 0;
    const h = await startHarness({
      agents: 10,
      app: { maxConcurrentCalls: 3, maxCallsPerSecond: 2 },
      script: () => noAnswer(25),
      engine: { pacerFor: () => createRatioPacer(3) },
    });
    h.engine.events.on('call:placed', () => {
      maxLive = Math.max(maxLive, h.engine.liveCallCount);
    });
    const id = h.addCampaign({}, 20);
    await h.runTo(120);
    expect(maxLive).toBe(3);
    const starts = h.store.sessions(id).map((s) => s.startTs);
    for (let i = 2; i < starts.length; i++) expect(starts[i]! - starts[i - 2]!).toBeGreaterThanOrEqual(1000);
  });

  it('respects a caller number’s own limit, rotating to the others', async () => {
    const h = await startHarness({
      agents: 10,
      app: {
        numbers: [
          { number: '+861000', state: 1, maxConcurrentCalls: 1, maxCallsPerSecond: null },
          { number: '+861001', state: 1, maxConcurrentCalls: null, maxCallsPerSecond: null },
        ],
      },
      script: () => noAnswer(25),
    });
    const id = h.addCampaign({}, 5);
    await h.runTo(1);
    const callers = h.store.sessions(id).map((s) => s.caller);
    expect(callers.filter((c) => c === '+861000')).toHaveLength(1);
    expect(callers).toHaveLength(5);
  });
});
