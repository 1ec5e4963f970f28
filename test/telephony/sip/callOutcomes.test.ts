/**
 * The `sip` adapter against real SIPp callees behind a trunk on loopback: for every outcome a
 * callee can give, the events the engine sees, the cause and side the call ends with, and that
 * every leg was closed as SIPp's scenario demands (SIPp exits 0 only then).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endStatusOf } from '../../../src/telephony/callCause.ts';
import type { SipTelephony } from '../../../src/telephony/sip/sipTelephony.ts';
import { TelephonyError } from '../../../src/telephony/telephony.ts';
import { CallRecorder, within } from './support/callRecorder.ts';
import { expectSippSuccess, startSipp, stopSippPeers } from './support/sipp.ts';
import { dialRequest, openSipTelephony, testbed } from './support/sipTestbed.ts';

const bed = testbed(11);
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

async function callee(scenario: string, vars: Record<string, number> = {}) {
  return startSipp({ scenario, host: bed.trunk, calls: 1, vars, timeoutSeconds: 20 });
}

describe('sip adapter: call outcomes against SIPp callees', { retry: 2 }, () => {
  it('reports ringing then answered for a callee that answers after a delay, and BYEs it on hangup', async () => {
    const sipp = await callee('uas-answer-after-delay.xml', { ringms: 300 });
    const events = new CallRecorder();
    const handle = await telephony.dial(dialRequest('+8613800000001'), events);
    await events.next('answered');
    expect(handle.telephonyIds?.callee).toMatch(/@127\.0\.11\.1$/);
    await telephony.hangup(handle);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'answered', 'ended:cancelled:system']);
    await expectSippSuccess(sipp);
    expect(telephony.liveCalls).toBe(0);
  });

  it('ends a busy callee (486) as busy, 206', async () => {
    const sipp = await callee('uas-busy-486.xml', { ringms: 100 });
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000002'), events);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'ended:busy:user']);
    expect(endStatusOf(events.end!.cause, 'ringing')).toBe(206);
    await expectSippSuccess(sipp);
  });

  it('CANCELs a callee that rings past the ring timeout: no answer, 202', async () => {
    const sipp = await callee('uas-no-answer.xml');
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000003', { ringTimeoutSeconds: 0.5 }), events);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'ended:noAnswer:system']);
    expect(endStatusOf(events.end!.cause, 'ringing')).toBe(202);
    await expectSippSuccess(sipp);
  });

  it('CANCELs a ringing call the engine hangs up: cancelled, 209', async () => {
    const sipp = await callee('uas-no-answer.xml');
    const events = new CallRecorder();
    const handle = await telephony.dial(dialRequest('+8613800000004'), events);
    await events.next('ringing');
    await telephony.hangup(handle);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'ended:cancelled:system']);
    expect(endStatusOf(events.end!.cause, 'ringing')).toBe(209);
    await expectSippSuccess(sipp);
  });

  it('ends a declined call (603) as rejected, 203', async () => {
    const sipp = await callee('uas-reject-603.xml', { ringms: 100 });
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000005'), events);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'ended:rejected:user']);
    expect(endStatusOf(events.end!.cause, 'ringing')).toBe(203);
    await expectSippSuccess(sipp);
  });

  it('ends a call the callee forbids (403) as rejected, 203', async () => {
    const sipp = await callee('uas-forbidden-403.xml', { ringms: 100 });
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000014'), events);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'ended:rejected:user']);
    expect(endStatusOf(events.end!.cause, 'ringing')).toBe(203);
    await expectSippSuccess(sipp);
  });

  it('ends an unavailable callee (480) as no answer, 202', async () => {
    const sipp = await callee('uas-unavailable-480.xml', { ringms: 100 });
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000006'), events);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'ended:noAnswer:user']);
    await expectSippSuccess(sipp);
  });

  it('rejects dial() for a number that does not exist (404 before ringing): 205', async () => {
    const sipp = await callee('uas-not-found-404.xml');
    const events = new CallRecorder();
    const error = await telephony.dial(dialRequest('+8613800000007'), events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyError);
    expect((error as TelephonyError).callCause).toBe('numberNotExist');
    // The refused call has no handle; its Call-ID comes with the refusal, for the session record.
    expect((error as TelephonyError).telephonyIds?.callee).toMatch(/@127\.0\.11\.1$/);
    expect(endStatusOf((error as TelephonyError).callCause, 'dialing')).toBe(205);
    expect(events.log).toEqual([]);
    await expectSippSuccess(sipp);
  });

  it('rejects dial() on a carrier failure (503 before ringing): operator error, 208', async () => {
    const sipp = await callee('uas-server-error-503.xml');
    const error = await telephony
      .dial(dialRequest('+8613800000008'), new CallRecorder())
      .catch((e: unknown) => e);
    expect((error as TelephonyError).callCause).toBe('networkFailure');
    expect(endStatusOf('networkFailure', 'dialing')).toBe(208);
    await expectSippSuccess(sipp);
  });

  it('reports the callee hanging up while it waits for an agent', async () => {
    const sipp = await callee('uas-answer-then-bye.xml', { ringms: 100, talkms: 200 });
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000009'), events);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'answered', 'ended:normalClearing:user']);
    // The engine's phase decides: answered, no agent yet → abandoned.
    expect(endStatusOf(events.end!.cause, 'waiting')).toBe(103);
    await expectSippSuccess(sipp);
  });

  it('takes the answer of an RFC 2543 callee, which tags neither its 2xx nor its BYE', async () => {
    const sipp = await callee('uas-rfc2543-answer-then-bye.xml', { ringms: 100, talkms: 200 });
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000015'), events);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'answered', 'ended:normalClearing:user']);
    await expectSippSuccess(sipp);
    expect(telephony.liveCalls).toBe(0);
  });

  it('answers a trunk digest challenge (401) and places the call', async () => {
    await telephony.close();
    telephony = await openSipTelephony(bed, { trunk: { username: 'dialer', password: 'trunk-secret' } });
    const sipp = await callee('uas-auth-401-answer.xml');
    const events = new CallRecorder();
    const handle = await telephony.dial(dialRequest('+8613800000010'), events);
    await events.next('answered');
    await telephony.hangup(handle);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'answered', 'ended:cancelled:system']);
    await expectSippSuccess(sipp);
  });

  it('answers a proxy challenge (407, qop=auth) with Proxy-Authorization', async () => {
    const sipp = await callee('uas-auth-407-answer.xml');
    const events = new CallRecorder();
    const error = await telephony.dial(dialRequest('+8613800000013'), events).catch((e: unknown) => e);
    expect((error as TelephonyError).callCause).toBe('busy');
    await expectSippSuccess(sipp);
  });

  it('presents the caller number in P-Asserted-Identity when the trunk wants it', async () => {
    await telephony.close();
    telephony = await openSipTelephony(bed, {
      trunk: { username: 'dialer', password: 'trunk-secret', callerIdStyle: 'pai' },
    });
    const sipp = await callee('uas-busy-caller-in-pai.xml');
    const events = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000011'), events).catch(() => undefined);
    await expectSippSuccess(sipp);
  });

  it('presents the caller number as the From user by default', async () => {
    await telephony.close();
    telephony = await openSipTelephony(bed);
    const sipp = await callee('uas-busy-caller-in-from.xml');
    await telephony.dial(dialRequest('+8613800000012'), new CallRecorder()).catch(() => undefined);
    await expectSippSuccess(sipp);
  });
});

describe('sip adapter over TCP', { retry: 2 }, () => {
  it('places, answers and hangs up a call, and maps a busy callee, over TCP', async () => {
    await telephony.close();
    telephony = await openSipTelephony(bed, { trunk: { transport: 'tcp' } });
    const answering = await startSipp({
      scenario: 'uas-answer-after-delay.xml',
      host: bed.trunk,
      transport: 'tcp',
      calls: 1,
      vars: { ringms: 100 },
    });
    const events = new CallRecorder();
    const handle = await telephony.dial(dialRequest('+8613800000020'), events);
    await events.next('answered');
    await telephony.hangup(handle);
    await events.next('ended');
    expect(events.log).toEqual(['ringing', 'answered', 'ended:cancelled:system']);
    await expectSippSuccess(answering);

    const busy = await startSipp({
      scenario: 'uas-busy-486.xml',
      host: bed.trunk,
      transport: 'tcp',
      calls: 1,
      vars: { ringms: 100 },
    });
    const second = new CallRecorder();
    await telephony.dial(dialRequest('+8613800000021'), second);
    await second.next('ended');
    expect(second.log).toEqual(['ringing', 'ended:busy:user']);
    await within(expectSippSuccess(busy), 10_000, 'SIPp over TCP');
  });
});
