/**
 * A `sip` adapter wired for a test: the dialer on 127.0.<net>.1, the trunk (a SIPp callee) on
 * 127.0.<net>.2, agents' phones on .3, the IVR on .4. Each test file takes its own <net>, so that
 * files running in parallel never share an address.
 */
import pino from 'pino';
import { SipTelephony, type SipTelephonyOptions } from '../../../../src/telephony/sip/sipTelephony.ts';
import type { DialRequest } from '../../../../src/telephony/telephony.ts';

export interface Testbed {
  readonly dialer: string;
  readonly trunk: string;
  readonly agent: string;
  readonly ivr: string;
  readonly phone: string;
}

export function testbed(net: number): Testbed {
  return {
    dialer: `127.0.${net}.1`,
    trunk: `127.0.${net}.2`,
    agent: `127.0.${net}.3`,
    ivr: `127.0.${net}.4`,
    phone: `127.0.${net}.5`,
  };
}

export const CALLER = '+8610001000';

export async function openSipTelephony(
  bed: Testbed,
  overrides: Partial<Omit<SipTelephonyOptions, 'trunk'>> & {
    trunk?: Partial<SipTelephonyOptions['trunk']>;
  } = {},
): Promise<SipTelephony> {
  const { trunk, ...rest } = overrides;
  return SipTelephony.open({
    listen: { host: bed.dialer, port: 5060 },
    agentAnswerTimeoutSeconds: 5,
    logger: pino({ level: process.env.SIP_TEST_LOG ?? 'silent' }),
    ...rest,
    trunk: { address: `${bed.trunk}:5060`, transport: 'udp', callerIdStyle: 'from', ...trunk },
  });
}

let counter = 0;

export function dialRequest(callee: string, overrides: Partial<DialRequest> = {}): DialRequest {
  counter += 1;
  return {
    sessionId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    caller: CALLER,
    callee,
    ringTimeoutSeconds: 10,
    uui: 'campaign-uui',
    ...overrides,
  };
}
