import { expect } from 'vitest';
import type { SipTelephony } from '../../../../src/telephony/sip/sipTelephony.ts';
import { CallRecorder } from './callRecorder.ts';
import { expectSippSuccess, type SippPeer, startSipp } from './sipp.ts';
import { dialRequest, type Testbed } from './sipTestbed.ts';

/**
 * A call put through to an agent whose phone registered (no fixed SIP URI): a SIPp callee answers
 * `telephony`'s call, the call is bridged to the agent, whose SIPp phone answers at its registered
 * contact, then hung up. Resolves to the phone, whose log tells who called it.
 */
export async function callRegisteredAgent(
  telephony: SipTelephony,
  bed: Testbed,
  callee: string,
  mail: string,
): Promise<SippPeer> {
  const agent = await startSipp({ scenario: 'agent-phone-answer.xml', host: bed.agent, calls: 1 });
  const answering = await startSipp({
    scenario: 'uas-answer-after-delay.xml',
    host: bed.trunk,
    calls: 1,
    vars: { ringms: 50 },
  });
  const events = new CallRecorder();
  const handle = await telephony.dial(dialRequest(callee), events);
  await events.next('answered');
  await telephony.bridge(handle, { mail, sipUri: null });
  expect(events.log).toContain('bridged');
  await telephony.hangup(handle);
  await events.next('ended');
  await Promise.all([expectSippSuccess(answering), expectSippSuccess(agent)]);
  return agent;
}
