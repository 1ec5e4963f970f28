/**
 * What the transaction layer needs from a transport (RFC 3261 §18): send a message to an address,
 * and hand over every well-formed message received, with the address it came from.
 */
import type { SipMessage } from '../message/sipMessage.ts';

export type TransportProtocol = 'udp' | 'tcp';

/** A peer's transport address; `host` is an IP literal (names are resolved before this). */
export interface SipTarget {
  readonly protocol: TransportProtocol;
  readonly host: string;
  readonly port: number;
}

export interface ReceivedMessage {
  readonly message: SipMessage;
  readonly source: SipTarget;
}

export interface TransportEvents {
  message(received: ReceivedMessage): void;
  /** A message could not be sent (connection refused or reset); the transaction treats it as 503. */
  sendFailed(target: SipTarget, error: Error): void;
  /** A datagram or frame that is not SIP; dropped, reported for the log. */
  malformed(source: SipTarget, error: Error): void;
}

export interface SipTransport {
  readonly protocol: TransportProtocol;
  /** Whether the transport itself retransmits (TCP): then timers A, E and G do not run. */
  readonly reliable: boolean;
  /** The bound address (port resolved when 0 was asked for). */
  readonly local: { readonly host: string; readonly port: number };
  send(message: SipMessage, target: SipTarget): void;
  close(): Promise<void>;
}

export function targetKey(target: SipTarget): string {
  return `${target.protocol}:${target.host}:${target.port}`;
}
