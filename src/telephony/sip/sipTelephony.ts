/**
 * The `sip` telephony adapter (DESIGN.md "Telephony"): real SIP over UDP and TCP, through our own
 * RFC 3261 stack (endpoint/, transaction/, dialog/ …). Callees are INVITEd through the configured
 * trunk with the campaign's caller number; an answered callee is joined to an agent's phone, or to
 * the IVR when abandoned, by third-party call control (thirdPartyJoin.ts), so the dialer carries
 * signalling only, never media. Agents' phones are fixed SIP URIs or register to the built-in
 * registrar.
 */
import type { Logger } from 'pino';
import { systemClock } from '../../dialer/clock/systemClock.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  type AgentEndpoint,
  type CallEvents,
  type CallHandle,
  type DialRequest,
  type Telephony,
  TelephonyError,
} from '../telephony.ts';
import { agentPhoneUri } from './agentPhones.ts';
import { DigestChallenger } from './auth/digestChallenger.ts';
import type { NonceLedger } from './auth/nonceLedger.ts';
import type { CallerIdStyle } from './callerIdentity.ts';
import { resolveTarget } from './endpoint/resolveTarget.ts';
import { SipEndpoint } from './endpoint/sipEndpoint.ts';
import { SipUserAgent } from './endpoint/sipUserAgent.ts';
import { parseSipUri } from './message/sipUri.ts';
import { Registrar } from './registrar/registrar.ts';
import type { RegistrationStore } from './registrar/registrationStore.ts';
import { SipCall, type TrunkRoute } from './sipCall.ts';
import type { SipTimerValues } from './transaction/timerValues.ts';
import type { TransportProtocol } from './transport/sipTransport.ts';

export interface SipTelephonyOptions {
  readonly listen: { readonly host: string; readonly port: number };
  readonly trunk: {
    /** host:port */
    readonly address: string;
    readonly transport: TransportProtocol;
    readonly username?: string | undefined;
    readonly password?: string | undefined;
    readonly callerIdStyle: CallerIdStyle;
  };
  /** The built-in registrar; absent = REGISTER is refused (405). */
  readonly registrar?: {
    readonly realm: string;
    /** HA1 = MD5(mail:realm:password) of an agent, by mail. */
    readonly ha1For: (mail: string) => Promise<string | undefined>;
    /** Where bindings live: the database on `serve`, so that every node finds every phone. */
    readonly store?: RegistrationStore;
    /**
     * Key of the digest nonces: the same on every node of a database, so that a phone's REGISTER
     * may answer one node's challenge at another; random per process when absent.
     */
    readonly nonceSecret?: Buffer;
    /** Where accepted nonce counts are kept: the database on `serve`, shared by every node. */
    readonly nonceLedger?: NonceLedger;
  };
  readonly agentAnswerTimeoutSeconds: number;
  readonly logger: Logger;
  /** Wall clock for SIP timers and ring timeouts; tests may pass their own. */
  readonly clock?: Clock;
  readonly timers?: SipTimerValues;
}

export class SipTelephony implements Telephony {
  private readonly calls = new Map<string, SipCall>();
  private readonly background = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    readonly ua: SipUserAgent,
    readonly registrar: Registrar | undefined,
    private readonly trunk: TrunkRoute,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly agentAnswerTimeoutMs: number,
  ) {}

  static async open(options: SipTelephonyOptions): Promise<SipTelephony> {
    const clock = options.clock ?? systemClock();
    const logger = options.logger.child({ telephony: 'sip' });
    const target = await resolveTarget(`sip:${options.trunk.address}`, options.trunk.transport);
    const endpoint = await SipEndpoint.open({
      host: options.listen.host,
      port: options.listen.port,
      clock,
      logger,
      timers: options.timers,
    });
    const registrar = options.registrar
      ? new Registrar({
          challenger: new DigestChallenger({
            realm: options.registrar.realm,
            secret: options.registrar.nonceSecret,
            ...(options.registrar.nonceLedger ? { ledger: options.registrar.nonceLedger } : {}),
            now: () => clock.now(),
          }),
          ha1For: options.registrar.ha1For,
          now: () => clock.now(),
          store: options.registrar.store,
        })
      : undefined;
    const ua = new SipUserAgent(endpoint, logger, registrar);
    const { username, password } = options.trunk;
    const trunk: TrunkRoute = {
      target,
      domain: options.trunk.address,
      callerIdStyle: options.trunk.callerIdStyle,
      credentials: username !== undefined && password !== undefined ? { username, password } : undefined,
    };
    return new SipTelephony(ua, registrar, trunk, clock, logger, options.agentAnswerTimeoutSeconds * 1000);
  }

  /** Calls not yet ended, for tests and the console. */
  get liveCalls(): number {
    return this.calls.size;
  }

  dial(request: DialRequest, events: CallEvents): Promise<CallHandle> {
    if (this.closed) return Promise.reject(new TelephonyError('networkFailure', 'the SIP adapter is closed'));
    const call = new SipCall(request, events, {
      ua: this.ua,
      trunk: this.trunk,
      clock: this.clock,
      logger: this.logger,
      agentAnswerTimeoutMs: this.agentAnswerTimeoutMs,
      forget: (c) => {
        if (this.calls.get(c.sessionId) === c) this.calls.delete(c.sessionId);
      },
      track: (work) => this.track(work),
    });
    this.calls.set(request.sessionId, call);
    return call.start();
  }

  async bridge(handle: CallHandle, agent: AgentEndpoint): Promise<void> {
    const call = this.callOf(handle);
    const uri = await agentPhoneUri(agent, this.registrar).catch((error: unknown) => {
      // The registrations live in the database: a failure there fails this leg as the port says.
      throw new TelephonyError('networkFailure', `agent ${agent.mail}: ${(error as Error).message}`);
    });
    if (uri === undefined) {
      throw new TelephonyError(
        'networkFailure',
        `agent ${agent.mail} has no SIP URI and no registered phone`,
      );
    }
    await call.connect(uri, 'agent');
  }

  async handOff(handle: CallHandle, ivrTarget: string): Promise<void> {
    const call = this.callOf(handle);
    try {
      parseSipUri(ivrTarget);
    } catch {
      throw new TelephonyError('networkFailure', `IVR target ${JSON.stringify(ivrTarget)} is not a SIP URI`);
    }
    await call.connect(ivrTarget, 'ivr');
  }

  async hangup(handle: CallHandle): Promise<void> {
    this.calls.get(handle.sessionId)?.hangup();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const call of [...this.calls.values()]) call.hangup();
    await this.ua.hangUpAll();
    await Promise.allSettled([...this.background]);
    await this.ua.endpoint.close();
  }

  private callOf(handle: CallHandle): SipCall {
    const call = this.calls.get(handle.sessionId);
    if (!call) throw new TelephonyError('normalClearing', `call ${handle.sessionId} has ended`);
    return call;
  }

  private track(work: Promise<unknown>): void {
    const guarded = work.catch((error: unknown) =>
      this.logger.warn({ err: error }, 'SIP background work failed'),
    );
    this.background.add(guarded);
    guarded.finally(() => this.background.delete(guarded));
  }
}
