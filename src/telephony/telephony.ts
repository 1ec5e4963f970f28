/**
 * The telephony port: what the engine asks of a telephone network (`sim` or `sip`).
 *
 * `dial()` resolves to the call once the network accepted it and reports progress by callback
 * (drachtio-srf `createUAC`); a call refused before it rang rejects with a `TelephonyError` whose
 * cause the engine turns into an end status at once, through the one table in `callCause.ts`.
 * Every call ends exactly once through `events.ended`, whatever ended it (the callee, the agent,
 * `hangup()`, the network), so the engine has one place where a session is closed.
 */
import type { CallCause } from './callCause.ts';

export interface DialRequest {
  /** Our SessionId, carried to the network (a SIP header under `sip`). */
  readonly sessionId: string;
  readonly caller: string;
  readonly callee: string;
  /** Give up ringing after this long (the network reports `noAnswer`). */
  readonly ringTimeoutSeconds: number;
  readonly uui: string;
}

/** Which side ended a call, as SPEC §4's HungUpSide. */
export type EndingSide = 'user' | 'seat' | 'system';

export interface CallEnd {
  readonly cause: CallCause;
  readonly side: EndingSide;
  /** Network identifiers of a call refused before dial() resolved, which has no handle to carry them. */
  readonly telephonyIds?: Readonly<Record<string, string>> | undefined;
}

/** Progress of a dialed call. Called on the engine clock's turn, never re-entrantly from dial(). */
export interface CallEvents {
  ringing(): void;
  answered(): void;
  /** The agent's phone picked up a bridged call (talk starts). */
  bridged?(): void;
  /** The call is over. Called once. */
  ended(end: CallEnd): void;
}

export interface CallHandle {
  readonly sessionId: string;
  /** Network identifiers (SIP Call-IDs), kept on the session row for tracing. */
  readonly telephonyIds?: Readonly<Record<string, string>>;
}

/** Where an agent takes calls: a simulated seat, or a SIP URI. */
export interface AgentEndpoint {
  readonly mail: string;
  readonly sipUri: string | null;
}

export interface Telephony {
  /** Places a call. Rejects with a TelephonyError when the network refuses it outright. */
  dial(request: DialRequest, events: CallEvents): Promise<CallHandle>;
  /** Connects an answered call to an agent. Rejects with a TelephonyError when the agent's leg fails. */
  bridge(call: CallHandle, agent: AgentEndpoint): Promise<void>;
  /** Hands an answered call to an IVR (the abandoned-call message); the call ends when the IVR does. */
  handOff(call: CallHandle, ivrTarget: string): Promise<void>;
  /** Ends a call (both legs) on the dialer's side; `events.ended` follows with cause `cancelled`. */
  hangup(call: CallHandle): Promise<void>;
  /** Releases whatever the adapter holds (sockets, timers). */
  close(): Promise<void>;
}

/** A typed refusal by the network, turned into an outcome value at once by the engine. */
export class TelephonyError extends Error {
  override name = 'TelephonyError';
  constructor(
    readonly callCause: CallCause,
    message?: string,
    /** The refused call's network identifiers (its SIP Call-ID), for the session record. */
    readonly telephonyIds?: Readonly<Record<string, string>>,
  ) {
    super(message ?? `call failed: ${callCause}`);
  }
}
