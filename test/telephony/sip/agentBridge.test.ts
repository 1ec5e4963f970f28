/**
 * Joining answered callees to agents' phones and to the IVR by third-party call control, against
 * real SIPp peers: the callee (127.0.12.2) must receive the partner's SDP in a re-INVITE, the
 * partner (agent .3, IVR .4) the callee's SDP in its ACK — checked by the scenarios themselves —
 * and a BYE on either leg must close the other. SIPp exits 0 only if every leg ended as scripted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SipTelephony } from '../../../src/telephony/sip/sipTelephony.ts';
import { type CallHandle, TelephonyError } from '../../../src/telephony/telephony.ts';
import { CallRecorder } from './support/callRecorder.ts';
import { expectSippSuccess, type SippPeer, startSipp, stopSippPeers } from './support/sipp.ts';
import { dialRequest, openSipTelephony, testbed } from './support/sipTestbed.ts';

const bed = testbed(12);
const AGENT = { mail: 'alice@example.com', sipUri: `sip:alice@${bed.agent}:5060` };
let telephony: SipTelephony;

beforeAll(async () => {
  telephony = await openSipTelephony(bed);
});

// A test that failed leaves its peers running; the next one needs their addresses.
afterEach(stopSippPeers);

afterAll(async () => {
  stopSippPeers();
  await telephony?.close();
});

async function answeredCall(
  scenario: string,
  vars: Record<string, number> = {},
): Promise<{ sipp: SippPeer; events: CallRecorder; handle: CallHandle }> {
  const sipp = await startSipp({ scenario, host: bed.trunk, calls: 1, vars: { ringms: 50, ...vars } });
  const events = new CallRecorder();
  const handle = await telephony.dial(dialRequest('+8613800000100'), events);
  await events.next('answered');
  return { sipp, events, handle };
}

function agentPhone(scenario: string, vars: Record<string, number> = {}): Promise<SippPeer> {
  return startSipp({ scenario, host: bed.agent, calls: 1, vars });
}

describe('sip adapter: joining callees to agents and the IVR', { retry: 2 }, () => {
  it('bridges an answered callee to the agent, exchanging SDP, and BYEs both legs on hangup', async () => {
    const agent = await agentPhone('agent-phone-answer.xml');
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    await telephony.bridge(handle, AGENT);
    expect(events.log).toEqual(['ringing', 'answered', 'bridged']);
    expect(Object.keys(handle.telephonyIds ?? {}).sort()).toEqual(['agent', 'callee']);
    expect(handle.telephonyIds?.agent).not.toBe(handle.telephonyIds?.callee);
    await telephony.hangup(handle);
    await events.next('ended');
    expect(events.end).toEqual({ cause: 'cancelled', side: 'system' });
    await Promise.all([expectSippSuccess(sipp), expectSippSuccess(agent)]);
    expect(telephony.ua.openLegs).toBe(0);
  });

  it('bridges to an agent phone reached over TCP (;transport=tcp) while the callee is on UDP', async () => {
    const agent = await startSipp({
      scenario: 'agent-phone-answer-then-bye.xml',
      host: bed.agent,
      transport: 'tcp',
      calls: 1,
      vars: { talkms: 100 },
    });
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    await telephony.bridge(handle, { mail: AGENT.mail, sipUri: `sip:alice@${bed.agent}:5060;transport=tcp` });
    await events.next('ended');
    expect(events.end).toEqual({ cause: 'normalClearing', side: 'seat' });
    await Promise.all([expectSippSuccess(sipp), expectSippSuccess(agent)]);
  });

  it('hangs up the agent when the callee hangs up', async () => {
    const agent = await agentPhone('agent-phone-answer.xml');
    const { sipp, events, handle } = await answeredCall('uas-answer-talk-then-bye.xml', { talkms: 200 });
    await telephony.bridge(handle, AGENT);
    await events.next('ended');
    expect(events.end).toEqual({ cause: 'normalClearing', side: 'user' });
    await Promise.all([expectSippSuccess(sipp), expectSippSuccess(agent)]);
  });

  it('hangs up the callee when the agent hangs up, and says the seat did', async () => {
    const agent = await agentPhone('agent-phone-answer-then-bye.xml', { talkms: 200 });
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    await telephony.bridge(handle, AGENT);
    await events.next('ended');
    expect(events.end).toEqual({ cause: 'normalClearing', side: 'seat' });
    await Promise.all([expectSippSuccess(sipp), expectSippSuccess(agent)]);
  });

  it('rejects the bridge when the agent phone is busy, and keeps the callee waiting', async () => {
    const agent = await agentPhone('agent-phone-busy-486.xml');
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    const error = await telephony.bridge(handle, AGENT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyError);
    expect((error as TelephonyError).callCause).toBe('busy');
    await expectSippSuccess(agent);
    expect(events.log).toEqual(['ringing', 'answered']);
    // The callee is still there: a second agent can take it.
    const second = await agentPhone('agent-phone-answer.xml');
    await telephony.bridge(handle, AGENT);
    await telephony.hangup(handle);
    await events.next('ended');
    await Promise.all([expectSippSuccess(sipp), expectSippSuccess(second)]);
  });

  it('ACKs and BYEs an agent phone whose 2xx brings no offer, and keeps the callee waiting', async () => {
    const agent = await agentPhone('agent-phone-answer-no-sdp.xml');
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    const error = await telephony.bridge(handle, AGENT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyError);
    expect((error as TelephonyError).callCause).toBe('networkFailure');
    // The scenario ends only after the phone got its ACK and then a BYE.
    await expectSippSuccess(agent);
    expect(events.log).toEqual(['ringing', 'answered']);
    await telephony.hangup(handle);
    await events.next('ended');
    await expectSippSuccess(sipp);
  });

  it('rejects the bridge for an agent with no phone', async () => {
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    const error = await telephony
      .bridge(handle, { mail: 'nobody@example.com', sipUri: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyError);
    await telephony.hangup(handle);
    await events.next('ended');
    await expectSippSuccess(sipp);
  });

  it('hands an abandoned callee to the IVR and ends the call when the IVR hangs up', async () => {
    const ivr = await startSipp({
      scenario: 'ivr-answer-then-bye.xml',
      host: bed.ivr,
      calls: 1,
      vars: { talkms: 200 },
    });
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    await telephony.handOff(handle, `sip:ivr-1@${bed.ivr}:5060`);
    expect(handle.telephonyIds?.ivr).toBeDefined();
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'answered', 'ended:normalClearing:system']);
    await Promise.all([expectSippSuccess(sipp), expectSippSuccess(ivr)]);
  });

  it('refuses an IVR target that is not a SIP URI', async () => {
    const { sipp, events, handle } = await answeredCall('uas-answer-after-delay.xml');
    await expect(telephony.handOff(handle, 'ivr:7')).rejects.toBeInstanceOf(TelephonyError);
    await telephony.hangup(handle);
    await events.next('ended');
    await expectSippSuccess(sipp);
  });
});
