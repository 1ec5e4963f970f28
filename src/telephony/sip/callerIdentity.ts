/**
 * How the campaign's caller number is presented to the trunk. Trunks differ: some take the From
 * user as the number shown to the callee, others authenticate From (the account) and show the
 * P-Asserted-Identity (RFC 3325) of a trusted peer.
 */

import type { SipHeader } from './message/sipMessage.ts';
import { escapeUser } from './message/sipUri.ts';

export type CallerIdStyle = 'from' | 'pai';

export interface CallerIdentity {
  /** The From address, without tag. */
  readonly from: string;
  readonly headers: readonly SipHeader[];
}

/**
 * `domain` is the trunk's host(:port); `account` the trunk username, which goes in From when the
 * number travels in P-Asserted-Identity.
 */
export function callerIdentity(
  style: CallerIdStyle,
  caller: string,
  domain: string,
  account: string | undefined,
): CallerIdentity {
  const number = `sip:${escapeUser(caller)}@${domain}`;
  if (style === 'from') return { from: `<${number}>`, headers: [] };
  return {
    from: `<sip:${escapeUser(account ?? caller)}@${domain}>`,
    headers: [{ name: 'p-asserted-identity', value: `<${number}>` }],
  };
}
