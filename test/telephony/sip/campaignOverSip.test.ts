/**
 * A whole campaign over SIP: the real engine, on the wall clock, dials 50 callees through a SIPp
 * trunk whose callees behave by the last digit of their number (trunk-mixed-outcomes.xml), and
 * joins the answered ones to five agents whose phones are another SIPp. The session records must
 * be of the same kind as the same campaign produces on `sim` — same end status per callee, same
 * timestamps set — and every leg must be closed: both SIPps exit 0 after exactly their calls.
 */
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/dialer/clock/systemClock.ts';
import { DialerEngine } from '../../../src/dialer/dialerEngine.ts';
import { createRatioPacer } from '../../../src/dialer/pacing/ratioPacer.ts';
import { CampaignStatus } from '../../../src/domain/campaign/campaignStatus.ts';
import { MemoryDialerStore, type MemorySession } from '../../../src/store/memory/memoryDialerStore.ts';
import type { SimOutcome } from '../../../src/telephony/sim/simTelephony.ts';
import type { SipTelephony } from '../../../src/telephony/sip/sipTelephony.ts';
import { answered, busy, noAnswer, startHarness } from '../../dialer/support/engineHarness.ts';
import { within } from './support/callRecorder.ts';
import { expectSippSuccess, type SippPeer, startSipp, stopSippPeers } from './support/sipp.ts';
import { openSipTelephony, testbed } from './support/sipTestbed.ts';

const bed = testbed(14);
const APP = 1400000000;
const GROUP = 255;
const AGENTS = 5;
const CALLEES = Array.from({ length: 50 }, (_, i) => `+86138000010${String(i).padStart(2, '0')}`);
/** Last digits the trunk scenario answers; the others are busy, no answer, 603, 404, 480. */
const ANSWERING = new Set(['0', '1', '2', '3', '9']);
const EXPECTED_STATUS: Record<string, number> = { '4': 206, '5': 202, '6': 203, '7': 205, '8': 202 };

let telephony: SipTelephony | undefined;
let engine: DialerEngine | undefined;

// A test that failed leaves its peers running; the next one needs their addresses.
afterEach(stopSippPeers);

afterAll(async () => {
  stopSippPeers();
  await shutDown();
});

const IVR_ID = 4600;

function seed(store: MemoryDialerStore, now: number, callees: readonly string[], agents = AGENTS): number {
  store.addApplication({
    sdkAppId: APP,
    wrapUpSeconds: 1,
    numbers: [{ number: '+8610001000', state: 1, maxConcurrentCalls: null, maxCallsPerSecond: null }],
    ivrs: [{ ivrId: IVR_ID, target: `sip:ivr-${IVR_ID}@${bed.ivr}:5060` }],
  });
  store.addSkillGroup({ skillGroupId: GROUP, sdkAppId: APP, name: 'Outbound sales' });
  for (let i = 1; i <= agents; i++) {
    store.addAgent({
      sdkAppId: APP,
      mail: `agent${i}@acme.test`,
      staffNumber: String(1000 + i),
      sipUri: `sip:agent${i}@${bed.agent}:5060`,
      status: 'free',
      statusSince: now - 1000 * (100 - i),
      skillGroupIds: [GROUP],
    });
  }
  return store.addCampaign(
    {
      sdkAppId: APP,
      skillGroupId: GROUP,
      callers: ['+8610001000'],
      startAt: now - 1000,
      endAt: now + 3_600_000,
    },
    callees.map((number) => ({ number })),
  );
}

/** Runs the engine on `store` over SIP until the campaign completes; returns engine errors. */
async function runCampaign(
  store: MemoryDialerStore,
  campaignId: number,
  options: Partial<ConstructorParameters<typeof DialerEngine>[0]> = {},
): Promise<unknown[]> {
  telephony = await openSipTelephony(bed);
  engine = new DialerEngine({
    store,
    telephony,
    clock: systemClock(),
    logger: pino({ level: process.env.SIP_TEST_LOG ?? 'silent' }),
    strategy: 'progressive',
    ringTimeoutSeconds: 1,
    refreshMs: 1000,
    ...options,
  });
  const errors: unknown[] = [];
  engine.events.on('engine:error', (e) => errors.push(e.error));
  const completed = new Promise<void>((resolve) => {
    engine!.events.on('campaign:status', (e) => {
      if (e.campaignId === campaignId && e.status === CampaignStatus.Completed) resolve();
    });
  });
  await engine.start();
  engine.campaignChanged(campaignId);
  await within(completed, 80_000, 'the campaign to complete');
  return errors;
}

async function shutDown(): Promise<void> {
  await engine?.stop();
  await telephony?.close();
  engine = undefined;
  telephony = undefined;
}

/** Asks SIPp to finish its calls and exit; with no call at all it would exit 99. */
async function finish(peer: SippPeer): Promise<void> {
  peer.softStop();
  await expectSippSuccess(peer);
}

/** What a session record looks like, minus times and ids: the kind of record it is. */
function kind(s: MemorySession) {
  return {
    calleeSeq: s.calleeSeq,
    endStatus: s.endStatus,
    sessionStatus: s.sessionStatus,
    rang: s.ringTs !== null,
    accepted: s.acceptTs !== null,
    seatJoined: s.seatJoinTs !== null,
    ended: s.endedTs !== null,
    seat: s.seatMail !== null,
    callType: s.callType,
  };
}

/** The sim twin of the trunk scenario's behaviour, digit for digit. */
function simOutcome(callee: string): SimOutcome {
  switch (callee.slice(-1)) {
    case '4':
      return busy(0.1);
    case '5':
      return noAnswer(1);
    case '6':
      return { kind: 'failed', cause: 'rejected', afterSeconds: 0.1 };
    case '7':
      return { kind: 'refused', cause: 'numberNotExist' };
    case '8':
      return { kind: 'failed', cause: 'noAnswer', afterSeconds: 0.1 };
    default:
      return answered(0.2, 0.3);
  }
}

describe('a campaign over SIP', { retry: 2 }, () => {
  it('dials 50 callees with mixed outcomes, records them as sim does, and closes every leg', async () => {
    const answeredCount = CALLEES.filter((c) => ANSWERING.has(c.slice(-1))).length;
    const trunk = await startSipp({
      scenario: 'trunk-mixed-outcomes.xml',
      host: bed.trunk,
      calls: CALLEES.length,
      vars: { ringms: 200 },
      timeoutSeconds: 90,
    });
    const phones = await startSipp({
      scenario: 'agent-phone-answer-then-bye.xml',
      host: bed.agent,
      calls: answeredCount,
      vars: { talkms: 300 },
      timeoutSeconds: 90,
    });
    const store = new MemoryDialerStore();
    const campaignId = seed(store, Date.now(), CALLEES);
    const errors = await runCampaign(store, campaignId);
    await within(Promise.all([expectSippSuccess(trunk), expectSippSuccess(phones)]), 20_000, 'SIPp to exit');
    expect(errors).toEqual([]);
    expect(engine!.liveCallCount).toBe(0);
    expect(telephony!.liveCalls).toBe(0);
    expect(telephony!.ua.openLegs).toBe(0);

    const sessions = store.sessions(campaignId).sort((a, b) => a.calleeSeq - b.calleeSeq);
    expect(sessions).toHaveLength(CALLEES.length);
    for (const s of sessions) {
      // Every record carries the callee leg's SIP Call-ID, refused calls' too; a connected call's
      // also the agent leg's.
      expect(s.telephonyIds?.callee, `callee ${s.callee}`).toMatch(/\S+/);
      if (s.endStatus === 1) expect(s.telephonyIds?.agent, `callee ${s.callee}`).toMatch(/\S+/);
      const digit = s.callee.slice(-1);
      expect(s.endStatus, `callee ${s.callee}`).toBe(ANSWERING.has(digit) ? 1 : EXPECTED_STATUS[digit]);
      if (s.endStatus === 1)
        expect(s).toMatchObject({ hungUpSide: 'seat', seatMail: expect.stringMatching(/^agent/) });
    }
    // Agents went to wrap-up after each call, as with sim.
    const wrapUps = store.statusLog.filter((e) => e.status === 'afterCallWork');
    expect(wrapUps).toHaveLength(answeredCount);

    // The same campaign on the simulated network: the same kind of record for every callee.
    const twin = await startHarness({
      agents: AGENTS,
      script: (request) => simOutcome(request.callee),
      seatHangUpShare: 1,
      app: { wrapUpSeconds: 1 },
      engine: { ringTimeoutSeconds: 1 },
    });
    const twinId = twin.addCampaign(
      {},
      CALLEES.map((number) => ({ number })),
    );
    await twin.runTo(600);
    const twinSessions = twin.store.sessions(twinId).sort((a, b) => a.calleeSeq - b.calleeSeq);
    expect(sessions.map(kind)).toEqual(twinSessions.map(kind));
  });

  it('hands calls no agent takes in time to the IVR over SIP (107), and connects the others', async () => {
    await shutDown();
    const callees = Array.from({ length: 12 }, (_, i) => `+86138000020${String(i).padStart(2, '0')}`).filter(
      (c) => ANSWERING.has(c.slice(-1)),
    );
    const trunk = await startSipp({
      scenario: 'trunk-mixed-outcomes.xml',
      host: bed.trunk,
      calls: callees.length,
      vars: { ringms: 100 },
      timeoutSeconds: 90,
    });
    const phone = await startSipp({
      scenario: 'agent-phone-answer-then-bye.xml',
      host: bed.agent,
      calls: 1000,
      vars: { talkms: 1500 },
      timeoutSeconds: 90,
    });
    const ivr = await startSipp({
      scenario: 'ivr-answer-then-bye.xml',
      host: bed.ivr,
      calls: 1000,
      vars: { talkms: 200 },
      timeoutSeconds: 90,
    });
    const store = new MemoryDialerStore();
    const campaignId = seed(store, Date.now(), callees, 1);
    store.updateCampaign(campaignId, { ivrId: IVR_ID });
    const errors = await runCampaign(store, campaignId, { pacerFor: () => createRatioPacer(3) });
    await within(Promise.all([expectSippSuccess(trunk), finish(phone), finish(ivr)]), 20_000, 'SIPp to exit');
    expect(errors).toEqual([]);
    expect(telephony!.ua.openLegs).toBe(0);
    const statuses = store.sessions(campaignId).map((s) => s.endStatus);
    expect(statuses).toHaveLength(callees.length);
    expect(statuses.filter((s) => s === 107).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 1).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 1 || s === 107)).toBe(true);
  });
});
