/**
 * An agent's phone that REGISTERs to the dialer's built-in registrar (digest, the agent's mail and
 * password) instead of having a fixed SIP URI: SIPp registers, and a call for that agent goes to
 * the registered contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestHa1 } from '../../../src/telephony/sip/auth/digestResponse.ts';
import type { SipTelephony } from '../../../src/telephony/sip/sipTelephony.ts';
import { callRegisteredAgent } from './support/registeredAgentCall.ts';
import { expectSippSuccess, startSipp, stopSippPeers } from './support/sipp.ts';
import { openSipTelephony, testbed } from './support/sipTestbed.ts';

const bed = testbed(13);
const REALM = 'ccc-dialer';
const MAIL = 'alice@example.com';
const PASSWORDS: Record<string, string> = { [MAIL]: 'alice-secret' };
let telephony: SipTelephony;

beforeAll(async () => {
  telephony = await openSipTelephony(bed, {
    registrar: {
      realm: REALM,
      ha1For: async (mail) => {
        const password = PASSWORDS[mail];
        return password === undefined ? undefined : digestHa1(mail, REALM, password);
      },
    },
  });
});

afterAll(async () => {
  stopSippPeers();
  await telephony?.close();
});

function register(password: string) {
  return startSipp({
    scenario: 'agent-register.xml',
    host: bed.phone,
    remote: `${bed.dialer}:5060`,
    calls: 1,
    timeoutSeconds: 10,
    vars: { aor_user: 'alice%40example.com', phone_address: `${bed.agent}:5060` },
    extraArgs: ['-au', MAIL, '-ap', password],
  });
}

describe('sip adapter: agents whose phones register', { retry: 2 }, () => {
  it('refuses a REGISTER with the wrong password', async () => {
    const sipp = await register('guess');
    const result = await sipp.exited;
    expect(result.code).toBe(1);
    // Challenged, answered with the wrong digest, challenged again.
    expect(result.log).toMatch(
      /Authorization: Digest username="alice@example.com"[\s\S]*SIP\/2\.0 401 Unauthorized/,
    );
    expect(await telephony.registrar?.lookup(MAIL)).toBeUndefined();
  });

  it('binds the phone after a digest challenge, and calls for the agent go to it', async () => {
    await expectSippSuccess(await register('alice-secret'));
    expect(await telephony.registrar?.lookup(MAIL)).toBe(`sip:alice%40example.com@${bed.agent}:5060`);

    await callRegisteredAgent(telephony, bed, '+8613800000200', MAIL);
  });
});
