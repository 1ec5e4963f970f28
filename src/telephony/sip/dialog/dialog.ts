/**
 * A SIP dialog (RFC 3261 §12): the peer-to-peer relationship an answered INVITE creates. It holds
 * what every later request in the call must carry — Call-ID, both tags, the route set, the remote
 * target, the local CSeq — and builds those requests (§12.2.1.1), including the strict-router case
 * where the first route has no `lr`. Incoming requests are checked against the remote CSeq
 * (§12.2.2): a lower one than seen is out of order.
 */
import { parseCSeq } from '../message/cseq.ts';
import { formatNameAddr, parseNameAddr, tagOf, withParam } from '../message/nameAddr.ts';
import {
  EMPTY_BODY,
  getHeader,
  getHeaders,
  requireHeader,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from '../message/sipMessage.ts';
import { parseSipUri } from '../message/sipUri.ts';

export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

export function dialogKey(id: DialogId): string {
  return `${id.callId}|${id.localTag}|${id.remoteTag}`;
}

/**
 * The far end's tag, from the To of its response or the From of its request. An RFC 2543 peer
 * sends none: §12.1.2 keeps that as a null tag (here ''), with which the dialog still works.
 */
export function remoteTagOf(address: string): string {
  return tagOf(parseNameAddr(address)) ?? '';
}

/** The key of the dialog an incoming in-dialog request belongs to (our tag is in its To). */
export function dialogKeyOfRequest(request: SipRequest): string | undefined {
  const localTag = tagOf(parseNameAddr(requireHeader(request, 'to')));
  if (localTag === undefined) return undefined;
  const remoteTag = remoteTagOf(requireHeader(request, 'from'));
  return dialogKey({ callId: requireHeader(request, 'call-id'), localTag, remoteTag });
}

/** The key of the dialog a response to our request makes or belongs to (our tag is in its From). */
export function dialogKeyOfResponse(response: SipResponse): string | undefined {
  const localTag = tagOf(parseNameAddr(requireHeader(response, 'from')));
  if (localTag === undefined) return undefined;
  const remoteTag = remoteTagOf(requireHeader(response, 'to'));
  return dialogKey({ callId: requireHeader(response, 'call-id'), localTag, remoteTag });
}

export interface RequestParts {
  readonly headers?: readonly SipHeader[];
  readonly body?: Buffer;
  readonly contentType?: string;
}

export class Dialog implements DialogId {
  private localSeq: number;
  private remoteSeq: number | undefined;
  private remoteTargetUri: string;

  private constructor(
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** From of our requests, with our tag. */
    private readonly localAddress: string,
    /** To of our requests, with the remote tag. */
    private readonly remoteAddress: string,
    remoteTarget: string,
    /** URIs, as they go into Route, in order. */
    readonly routeSet: readonly string[],
    localSeq: number,
    /** Our Contact, sent in target-refresh requests (re-INVITE). */
    readonly localContact: string,
  ) {
    this.localSeq = localSeq;
    this.remoteTargetUri = remoteTarget;
  }

  /**
   * The dialog a 2xx (or a tagged 1xx: early dialog) to our INVITE creates (§12.1.2). A response
   * without Contact names no remote target: that is an error, unless the caller only means to ACK
   * and BYE it and gives a `fallbackTarget` to send those to.
   */
  static fromUacResponse(
    invite: SipRequest,
    response: SipResponse,
    localContact: string,
    fallbackTarget?: string,
  ): Dialog {
    const from = parseNameAddr(requireHeader(invite, 'from'));
    const to = parseNameAddr(requireHeader(response, 'to'));
    const localTag = tagOf(from);
    const remoteTag = remoteTagOf(requireHeader(response, 'to'));
    if (localTag === undefined) throw new Error('our INVITE has no From tag');
    const contact = getHeaders(response, 'contact')[0];
    const remoteTarget = contact === undefined ? fallbackTarget : parseNameAddr(contact).uri;
    if (remoteTarget === undefined) throw new Error('a 2xx to INVITE must carry Contact');
    // §12.1.2: the route set is the Record-Route of the response, reversed.
    const routeSet = getHeaders(response, 'record-route')
      .map((r) => parseNameAddr(r))
      .reverse()
      .map((r) => formatNameAddr({ displayName: undefined, uri: r.uri, params: r.params }));
    return new Dialog(
      requireHeader(invite, 'call-id'),
      localTag,
      remoteTag,
      formatNameAddr(from),
      formatNameAddr(remoteTag === '' ? to : withParam(to, 'tag', remoteTag)),
      remoteTarget,
      routeSet,
      parseCSeq(requireHeader(invite, 'cseq')).seq,
      localContact,
    );
  }

  get remoteTarget(): string {
    return this.remoteTargetUri;
  }

  get key(): string {
    return dialogKey(this);
  }

  /** A new request in the dialog (not ACK, not CANCEL: those reuse an INVITE's CSeq). */
  createRequest(method: string, parts: RequestParts = {}): SipRequest {
    this.localSeq += 1;
    return this.build(method, this.localSeq, parts);
  }

  /** The ACK of a 2xx to the INVITE (or re-INVITE) numbered `inviteSeq` (§13.2.2.4). */
  createAck(inviteSeq: number, parts: RequestParts = {}): SipRequest {
    return this.build('ACK', inviteSeq, parts);
  }

  /** The URI whose host decides where a request goes: the first route, else the remote target. */
  nextHopUri(): string {
    const first = this.routeSet[0];
    return first === undefined ? this.remoteTargetUri : parseNameAddr(first).uri;
  }

  /**
   * Checks an incoming request's CSeq (§12.2.2) and notes it. False when lower than one already
   * seen: the caller answers 500.
   */
  acceptRemoteSeq(request: SipRequest): boolean {
    const seq = parseCSeq(requireHeader(request, 'cseq')).seq;
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    if (this.remoteSeq !== undefined && seq < this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** A target refresh (2xx to our re-INVITE, or an incoming re-INVITE) may move the remote target. */
  refreshTarget(message: SipRequest | SipResponse): void {
    const contact = getHeaders(message, 'contact')[0];
    if (contact !== undefined) this.remoteTargetUri = parseNameAddr(contact).uri;
  }

  private build(method: string, seq: number, parts: RequestParts): SipRequest {
    const first = this.routeSet[0];
    let uri = this.remoteTargetUri;
    let routes = this.routeSet;
    // §12.2.1.1: a strict router (no `lr`) gets the request addressed to itself, with the remote
    // target appended as the last route.
    if (first !== undefined && !parseSipUri(parseNameAddr(first).uri).params.has('lr')) {
      uri = parseNameAddr(first).uri;
      routes = [...this.routeSet.slice(1), `<${this.remoteTargetUri}>`];
    }
    const headers: SipHeader[] = [
      { name: 'max-forwards', value: '70' },
      { name: 'from', value: this.localAddress },
      { name: 'to', value: this.remoteAddress },
      { name: 'call-id', value: this.callId },
      { name: 'cseq', value: `${seq} ${method}` },
      ...routes.map((value) => ({ name: 'route', value })),
    ];
    if (method === 'INVITE') headers.push({ name: 'contact', value: `<${this.localContact}>` });
    if (parts.body && parts.body.length > 0) {
      headers.push({ name: 'content-type', value: parts.contentType ?? 'application/sdp' });
    }
    headers.push(...(parts.headers ?? []));
    return { kind: 'request', method, uri, headers, body: parts.body ?? EMPTY_BODY };
  }
}

/** The Content-Type of a message, lower case without parameters. */
export function contentTypeOf(message: SipRequest | SipResponse): string | undefined {
  return getHeader(message, 'content-type')?.split(';')[0]?.trim().toLowerCase();
}
