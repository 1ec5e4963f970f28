/**
 * How messages find their transaction (RFC 3261 §17.1.3, §17.2.3).
 *
 * A response belongs to the client transaction whose branch is its top Via's and whose method is
 * its CSeq's (a CANCEL shares its INVITE's branch, so the method keeps them apart). A request
 * belongs to the server transaction with the same branch, sent-by and method, an ACK counting as
 * its INVITE. Requests from pre-RFC 3261 peers (no `z9hG4bK` branch) fall back to the dialog
 * identifiers plus the top Via, which tells retransmissions apart from new requests in practice.
 */
import { parseCSeq } from '../message/cseq.ts';
import { parseNameAddr, tagOf } from '../message/nameAddr.ts';
import { BRANCH_COOKIE } from '../message/sipIdentifiers.ts';
import { getHeader, requireHeader, type SipRequest, type SipResponse } from '../message/sipMessage.ts';
import { branchOf, parseVia } from '../message/via.ts';

export function clientKeyOfResponse(response: SipResponse): string | undefined {
  const via = parseVia(requireHeader(response, 'via'));
  const branch = branchOf(via);
  if (!branch) return undefined;
  return `${branch}|${parseCSeq(requireHeader(response, 'cseq')).method}`;
}

export function clientKeyOfRequest(request: SipRequest): string {
  const branch = branchOf(parseVia(requireHeader(request, 'via')));
  if (!branch) throw new Error('a client transaction needs a branch');
  return `${branch}|${request.method}`;
}

/** `method` overrides the request's: a CANCEL looks up its INVITE's transaction with 'INVITE'. */
export function serverKey(request: SipRequest, method = request.method): string {
  const topVia = requireHeader(request, 'via');
  const via = parseVia(topVia);
  const matched = method === 'ACK' ? 'INVITE' : method;
  const branch = branchOf(via);
  if (branch?.startsWith(BRANCH_COOKIE)) {
    return `${branch}|${via.host}:${via.port ?? 5060}|${matched}`;
  }
  const cseq = parseCSeq(requireHeader(request, 'cseq'));
  const fromTag = tagOf(parseNameAddr(requireHeader(request, 'from'))) ?? '';
  const callId = getHeader(request, 'call-id') ?? '';
  return `2543|${callId}|${fromTag}|${cseq.seq}|${matched}|${topVia.split(',')[0]}`;
}
