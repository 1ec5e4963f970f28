/**
 * Builds a response to a request as RFC 3261 §8.2.6.2 says: Via (all of them, in order), From,
 * Call-ID and CSeq copied; To copied with a tag added if the request's To had none and the response
 * is not a 100 (which never creates a dialog). Note that To is re-serialized only when a tag is
 * added; otherwise it is copied byte for byte.
 */
import { formatNameAddr, parseNameAddr, tagOf, withParam } from './nameAddr.ts';
import { newTag } from './sipIdentifiers.ts';
import {
  EMPTY_BODY,
  headerFields,
  requireHeader,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from './sipMessage.ts';

export interface ResponseOptions {
  /** The To tag to add when the request had none; a fresh one by default (§8.2.6.2). */
  readonly toTag?: string;
  readonly headers?: readonly SipHeader[];
  readonly body?: Buffer;
}

const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

export function createResponse(
  request: SipRequest,
  status: number,
  options: ResponseOptions = {},
  reason = reasonPhrase(status),
): SipResponse {
  let to = requireHeader(request, 'to');
  if (status > 100) {
    const address = parseNameAddr(to);
    if (tagOf(address) === undefined)
      to = formatNameAddr(withParam(address, 'tag', options.toTag ?? newTag()));
  }
  const headers: SipHeader[] = [
    ...headerFields(request, 'via'),
    { name: 'from', value: requireHeader(request, 'from') },
    { name: 'to', value: to },
    { name: 'call-id', value: requireHeader(request, 'call-id') },
    { name: 'cseq', value: requireHeader(request, 'cseq') },
    ...(options.headers ?? []),
  ];
  return { kind: 'response', status, reason, headers, body: options.body ?? EMPTY_BODY };
}
