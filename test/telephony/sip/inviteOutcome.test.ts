/**
 * The table of issue 5: how the answer to an INVITE ends a call, as the engine records it. The
 * SIP status → cause rows live in the engine's one table (src/telephony/callCause.ts); this test
 * reads them through the adapter (inviteOutcome.ts), which adds what only SIP knows — our own
 * CANCELs, timer B and dead connections — and checks the end status the engine then writes.
 */
import { describe, expect, it } from 'vitest';
import { endStatusOf } from '../../../src/telephony/callCause.ts';
import type { InviteFailure } from '../../../src/telephony/sip/dialog/outgoingInvite.ts';
import { type CancelReason, callEndOfInviteFailure } from '../../../src/telephony/sip/inviteOutcome.ts';
import type { SipResponse } from '../../../src/telephony/sip/message/sipMessage.ts';

const rejected = (status: number): InviteFailure => ({
  kind: 'rejected',
  status,
  reason: '',
  response: { kind: 'response', status, reason: '', headers: [], body: Buffer.alloc(0) } as SipResponse,
});

type Row = [string, InviteFailure, CancelReason | undefined, string, string, number];

const TABLE: Row[] = [
  ['486 Busy Here', rejected(486), undefined, 'busy', 'user', 206],
  ['600 Busy Everywhere', rejected(600), undefined, 'busy', 'user', 206],
  ['480 Temporarily Unavailable', rejected(480), undefined, 'noAnswer', 'user', 202],
  ['408 Request Timeout (from the far end)', rejected(408), undefined, 'noAnswer', 'user', 202],
  ['ring timeout: our CANCEL, then 487', { kind: 'cancelled' }, 'ringTimeout', 'noAnswer', 'system', 202],
  ['404 Not Found', rejected(404), undefined, 'numberNotExist', 'user', 205],
  ['603 Decline', rejected(603), undefined, 'rejected', 'user', 203],
  ['500 Server Internal Error', rejected(500), undefined, 'networkFailure', 'system', 208],
  ['502 Bad Gateway', rejected(502), undefined, 'networkFailure', 'system', 208],
  ['503 Service Unavailable', rejected(503), undefined, 'networkFailure', 'system', 208],
  ['504 Server Time-out', rejected(504), undefined, 'networkFailure', 'system', 208],
  ['580 Precondition Failure (any other 5xx)', rejected(580), undefined, 'networkFailure', 'system', 208],
  ['timer B: no response at all', { kind: 'timeout' }, undefined, 'networkFailure', 'system', 208],
  [
    'connection refused',
    { kind: 'transport', error: new Error('ECONNREFUSED') },
    undefined,
    'networkFailure',
    'system',
    208,
  ],
  [
    'hang-up asked by the engine: our CANCEL, then 487',
    { kind: 'cancelled' },
    'hangup',
    'cancelled',
    'system',
    209,
  ],
  ['hang-up asked, but a 486 crossed the CANCEL', rejected(486), 'hangup', 'cancelled', 'system', 209],
];

describe('final responses to an INVITE → the call end the engine records', () => {
  it.each(TABLE)('%s', (_, failure, cancelReason, cause, side, endStatus) => {
    const end = callEndOfInviteFailure(failure, cancelReason);
    expect(end).toEqual({ cause, side });
    expect(endStatusOf(end.cause, 'ringing')).toBe(endStatus);
  });

  // Issue 5: 403 goes with 603 as "rejected" (203), 484 with 404 as "number does not exist" (205).
  it.each<[number, string, number]>([
    [403, 'rejected', 203],
    [484, 'numberNotExist', 205],
  ])('%i follows the engine table: %s, %i', (status, cause, endStatus) => {
    const end = callEndOfInviteFailure(rejected(status), undefined);
    expect(end.cause).toBe(cause);
    expect(endStatusOf(end.cause, 'ringing')).toBe(endStatus);
  });
});
