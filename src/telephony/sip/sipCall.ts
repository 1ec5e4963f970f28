/**
 * One call of the `sip` adapter: the callee's leg through the trunk and, once answered, the leg of
 * the partner it is joined to (an agent's phone, or the IVR for an abandoned call).
 *
 * States: dialing (INVITE sent) → ringing (18x) → answered (waiting for an agent) → connecting →
 * bridged | ivr → ended. Whatever ends the call — a final response, a BYE from either leg, the
 * ring timeout, a hang-up — goes through `finish`, which hangs up what is left and reports the end
 * exactly once: as the rejection of `dial()` when the call never rang, else through `events.ended`.
 */
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../domain/clock.ts';
import {
  type CallEnd,
  type CallEvents,
  type CallHandle,
  type DialRequest,
  TelephonyError,
} from '../telephony.ts';
import type { DigestCredentials } from './auth/digestResponse.ts';
import type { CallerIdStyle } from './callerIdentity.ts';
import { callerIdentity } from './callerIdentity.ts';
import type { CallLeg, LegEndReason } from './dialog/callLeg.ts';
import type { InviteFailure, OutgoingInvite } from './dialog/outgoingInvite.ts';
import type { SipUserAgent } from './endpoint/sipUserAgent.ts';
import { type CancelReason, callEndOfInviteFailure } from './inviteOutcome.ts';
import type { SipHeader } from './message/sipMessage.ts';
import { escapeUser } from './message/sipUri.ts';
import { holdOffer } from './sdp/holdOffer.ts';
import { rejectingAnswer } from './sdp/rejectingAnswer.ts';
import { SessionOrigin } from './sdp/sessionOrigin.ts';
import { joinLegs } from './thirdPartyJoin.ts';
import type { SipTarget } from './transport/sipTransport.ts';

export type SipCallState = 'dialing' | 'ringing' | 'answered' | 'connecting' | 'bridged' | 'ivr' | 'ended';

/** Which partner a call is joined to. */
export type PartnerKind = 'agent' | 'ivr';

export interface TrunkRoute {
  readonly target: SipTarget;
  /** host:port used in the Request-URI and caller URIs. */
  readonly domain: string;
  readonly callerIdStyle: CallerIdStyle;
  readonly credentials: DigestCredentials | undefined;
}

export interface SipCallContext {
  readonly ua: SipUserAgent;
  readonly trunk: TrunkRoute;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly agentAnswerTimeoutMs: number;
  /** The call is over: the adapter forgets it. */
  readonly forget: (call: SipCall) => void;
  /** Background work (BYEs) the adapter waits for on close. */
  readonly track: (work: Promise<unknown>) => void;
}

/** RFC 7433 User-to-User, hex-encoded so that any UUI survives the header syntax. */
function uuiHeader(uui: string): SipHeader[] {
  if (uui === '') return [];
  return [{ name: 'user-to-user', value: `${Buffer.from(uui, 'utf8').toString('hex')};encoding=hex` }];
}

export class SipCall implements CallHandle {
  private stateValue: SipCallState = 'dialing';
  private readonly ids: Record<string, string> = {};
  private invite: OutgoingInvite | undefined;
  private callee: CallLeg | undefined;
  private partner: CallLeg | undefined;
  private partnerInvite: OutgoingInvite | undefined;
  private ringTimer: TimerHandle | undefined;
  private cancelReason: CancelReason | undefined;
  private settled = false;
  private resolveDial: ((handle: CallHandle) => void) | undefined;
  private rejectDial: ((error: Error) => void) | undefined;
  private readonly calleeOrigin: SessionOrigin;
  private readonly logger: Logger;

  constructor(
    private readonly request: DialRequest,
    private readonly events: CallEvents,
    private readonly context: SipCallContext,
  ) {
    this.calleeOrigin = new SessionOrigin(context.ua.endpoint.host);
    this.logger = context.logger.child({ sessionId: request.sessionId });
  }

  get sessionId(): string {
    return this.request.sessionId;
  }

  /** SIP Call-IDs by leg: `callee`, and `agent` / `ivr` once joined. */
  get telephonyIds(): Readonly<Record<string, string>> {
    return this.ids;
  }

  get state(): SipCallState {
    return this.stateValue;
  }

  /** Sends the INVITE; settles as the port says (see the module comment). */
  start(): Promise<CallHandle> {
    const promise = new Promise<CallHandle>((resolve, reject) => {
      this.resolveDial = resolve;
      this.rejectDial = reject;
    });
    const { trunk, ua } = this.context;
    const identity = callerIdentity(
      trunk.callerIdStyle,
      this.request.caller,
      trunk.domain,
      trunk.credentials?.username,
    );
    const transport = trunk.target.protocol === 'tcp' ? ';transport=tcp' : '';
    ua.invite(
      {
        requestUri: `sip:${escapeUser(this.request.callee)}@${trunk.domain}${transport}`,
        from: identity.from,
        target: trunk.target,
        headers: [
          ...identity.headers,
          { name: 'x-ccc-session-id', value: this.request.sessionId },
          ...uuiHeader(this.request.uui),
        ],
        body: holdOffer(this.calleeOrigin, ua.endpoint.host),
        credentials: trunk.credentials,
      },
      {
        progress: (response) => {
          if (response.status >= 180 && response.status < 190) this.rang();
        },
        answered: (leg) => this.calleeAnswered(leg),
        failed: (failure) => this.calleeFailed(failure),
      },
    ).then(
      (invite) => {
        this.invite = invite;
        this.ids.callee = invite.callId;
        // A hang-up or the ring timeout came before the INVITE was on its way.
        if (this.stateValue === 'ended' || this.cancelReason !== undefined) invite.cancel();
      },
      (error: unknown) => this.finish({ cause: 'networkFailure', side: 'system' }, error as Error),
    );
    this.ringTimer = this.context.clock.setTimer(this.request.ringTimeoutSeconds * 1000, () => {
      this.ringTimer = undefined;
      if (this.stateValue !== 'dialing' && this.stateValue !== 'ringing') return;
      this.cancelReason = 'ringTimeout';
      this.invite?.cancel();
    });
    return promise;
  }

  /** The engine's hang-up: CANCEL while ringing, else BYE to every leg. */
  hangup(): void {
    switch (this.stateValue) {
      case 'ended':
        return;
      case 'dialing':
      case 'ringing':
        this.cancelReason = 'hangup';
        if (this.invite) this.invite.cancel();
        return;
      default:
        this.finish({ cause: 'cancelled', side: 'system' });
    }
  }

  /** Joins the answered callee to an agent's phone or the IVR (thirdPartyJoin.ts). */
  async connect(uri: string, kind: PartnerKind): Promise<void> {
    if (this.stateValue !== 'answered' || !this.callee) {
      throw new TelephonyError(
        'networkFailure',
        `call ${this.sessionId} cannot be joined while ${this.stateValue}`,
      );
    }
    this.stateValue = 'connecting';
    let partner: CallLeg;
    try {
      partner = await this.invitePartner(uri, kind);
    } catch (error) {
      if (this.stateValue === 'connecting') this.stateValue = 'answered';
      throw error;
    }
    this.ids[kind] = partner.callId;
    const callee = this.callee;
    if (this.stateValue !== 'connecting' || callee.isEnded) {
      await this.dismissPartner(partner);
      throw new TelephonyError(
        'normalClearing',
        `the callee of ${this.sessionId} left before the ${kind} joined`,
      );
    }
    const host = this.context.ua.endpoint.host;
    try {
      await joinLegs(callee, partner, { callee: this.calleeOrigin, partner: new SessionOrigin(host) }, host);
    } catch (error) {
      this.context.track(partner.hangUp());
      if (this.stateValue === 'connecting') this.stateValue = 'answered';
      throw new TelephonyError('networkFailure', (error as Error).message);
    }
    if (this.stateValue !== 'connecting' || partner.isEnded) {
      this.context.track(partner.hangUp());
      if (this.stateValue === 'connecting') this.stateValue = 'answered';
      throw new TelephonyError('normalClearing', `the ${kind} leg of ${this.sessionId} ended while joining`);
    }
    this.partner = partner;
    this.stateValue = kind === 'agent' ? 'bridged' : 'ivr';
    partner.onEnded((reason) => this.partnerEnded(kind, reason));
    if (kind === 'agent') this.events.bridged?.();
  }

  private invitePartner(uri: string, kind: PartnerKind): Promise<CallLeg> {
    return new Promise<CallLeg>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const stopTimer = (): void => {
        if (timer) this.context.clock.clearTimer(timer);
        timer = undefined;
      };
      this.context.ua
        .invite(
          {
            requestUri: uri,
            from: `<sip:${escapeUser(this.request.callee)}@${this.context.ua.endpoint.host}>`,
            headers: [{ name: 'x-ccc-session-id', value: this.sessionId }, ...uuiHeader(this.request.uui)],
          },
          {
            progress: () => {},
            answered: (leg) => {
              stopTimer();
              this.partnerInvite = undefined;
              resolve(leg);
            },
            failed: (failure) => {
              stopTimer();
              this.partnerInvite = undefined;
              const { cause } = callEndOfInviteFailure(failure, 'ringTimeout');
              reject(new TelephonyError(cause, `the ${kind} leg failed: ${describeFailure(failure)}`));
            },
          },
        )
        .then(
          (invite) => {
            this.partnerInvite = invite;
            if (this.stateValue !== 'connecting') invite.cancel();
            else
              timer = this.context.clock.setTimer(this.context.agentAnswerTimeoutMs, () => invite.cancel());
          },
          (error: unknown) => reject(new TelephonyError('networkFailure', (error as Error).message)),
        );
    });
  }

  private async dismissPartner(partner: CallLeg): Promise<void> {
    const host = this.context.ua.endpoint.host;
    await partner.ack(rejectingAnswer(partner.answerBody, new SessionOrigin(host), host));
    this.context.track(partner.hangUp());
  }

  private rang(): void {
    if (this.stateValue !== 'dialing') return;
    this.stateValue = 'ringing';
    this.settle();
    queueMicrotask(() => this.events.ringing());
  }

  private calleeAnswered(leg: CallLeg): void {
    if (this.stateValue === 'ended') {
      // Finished (hang-up) while the INVITE was in flight and the 2xx beat our CANCEL.
      this.context.track(leg.ack().then(() => leg.hangUp()));
      return;
    }
    this.callee = leg;
    this.ids.callee = leg.callId;
    this.context.track(leg.ack());
    this.clearRingTimer();
    this.stateValue = 'answered';
    leg.onEnded((reason) => this.calleeEnded(reason));
    this.settle();
    queueMicrotask(() => this.events.answered());
  }

  private calleeFailed(failure: InviteFailure): void {
    if (failure.kind !== 'cancelled' && failure.kind !== 'rejected') {
      this.logger.info({ failure: failure.kind }, 'callee INVITE failed');
    }
    this.finish(callEndOfInviteFailure(failure, this.cancelReason));
  }

  private calleeEnded(reason: LegEndReason): void {
    if (reason === 'localBye') return;
    this.finish({ cause: 'normalClearing', side: reason === 'remoteBye' ? 'user' : 'system' });
  }

  private partnerEnded(kind: PartnerKind, reason: LegEndReason): void {
    if (reason === 'localBye') return;
    const side = reason === 'remoteBye' && kind === 'agent' ? 'seat' : 'system';
    this.finish({ cause: 'normalClearing', side });
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveDial?.(this);
  }

  private clearRingTimer(): void {
    if (this.ringTimer) this.context.clock.clearTimer(this.ringTimer);
    this.ringTimer = undefined;
  }

  private finish(end: CallEnd, error?: Error): void {
    if (this.stateValue === 'ended') return;
    this.stateValue = 'ended';
    this.clearRingTimer();
    this.partnerInvite?.cancel();
    for (const leg of [this.callee, this.partner]) {
      if (leg && !leg.isEnded) this.context.track(leg.hangUp());
    }
    this.context.forget(this);
    if (!this.settled) {
      this.settled = true;
      const ids = Object.keys(this.ids).length > 0 ? { ...this.ids } : undefined;
      this.rejectDial?.(new TelephonyError(end.cause, error?.message ?? `call refused: ${end.cause}`, ids));
      return;
    }
    queueMicrotask(() => this.events.ended(end));
  }
}

function describeFailure(failure: InviteFailure): string {
  return failure.kind === 'rejected' ? `${failure.status} ${failure.reason}` : failure.kind;
}
