/**
 * Each peer down in turn (STYLE.md: run once with each peer down): a trunk that does not answer
 * over UDP (timer B, here with T1 shrunk to 10 ms so that 64×T1 is 640 ms), a trunk that refuses
 * the TCP connection, and an agent's phone that is not there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SipTelephony } from '../../../src/telephony/sip/sipTelephony.ts';
import { TelephonyError } from '../../../src/telephony/telephony.ts';
import { CallRecorder, within } from './support/callRecorder.ts';
import { expectSippSuccess, startSipp, stopSippPeers } from './support/sipp.ts';
import { dialRequest, openSipTelephony, testbed } from './support/sipTestbed.ts';

const bed = testbed(16);
const FAST_TIMERS = { t1: 10, t2: 80, t4: 100, d: 100 };
let telephony: SipTelephony | undefined;

afterEach(async () => {
  stopSippPeers();
  await telephony?.close();
  telephony = undefined;
});

describe('sip adapter with a peer down', { retry: 2 }, () => {
  it('gives up on a silent UDP trunk after timer B: operator error, not "no answer"', async () => {
    telephony = await openSipTelephony(bed, { timers: FAST_TIMERS });
    const started = Date.now();
    const error = await within(
      telephony.dial(dialRequest('+8613800000300'), new CallRecorder()).catch((e: unknown) => e),
      5000,
      'timer B',
    );
    expect((error as TelephonyError).callCause).toBe('networkFailure');
    expect(Date.now() - started).toBeGreaterThanOrEqual(640);
    expect(telephony.liveCalls).toBe(0);
  });

  it('fails at once when the TCP trunk refuses the connection', async () => {
    telephony = await openSipTelephony(bed, { trunk: { transport: 'tcp' } });
    const error = await within(
      telephony.dial(dialRequest('+8613800000301'), new CallRecorder()).catch((e: unknown) => e),
      5000,
      'the connection to be refused',
    );
    expect(error).toBeInstanceOf(TelephonyError);
    expect((error as TelephonyError).callCause).toBe('networkFailure');
  });

  it("rejects the bridge when the agent's phone is not there, and the callee can still be hung up", async () => {
    telephony = await openSipTelephony(bed, { timers: FAST_TIMERS });
    const callee = await startSipp({
      scenario: 'uas-answer-after-delay.xml',
      host: bed.trunk,
      calls: 1,
      vars: { ringms: 50 },
    });
    const events = new CallRecorder();
    const handle = await telephony.dial(dialRequest('+8613800000302'), events);
    await events.next('answered');
    const error = await telephony
      .bridge(handle, { mail: 'gone@example.com', sipUri: `sip:gone@${bed.agent}:5060` })
      .catch((e: unknown) => e);
    expect((error as TelephonyError).callCause).toBe('networkFailure');
    await telephony.hangup(handle);
    await events.next('ended');
    await expectSippSuccess(callee);
  });
});
