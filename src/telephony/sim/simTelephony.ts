/**
 * The simulated telephone network (`sim`): every dialed callee behaves as the seeded callee model
 * draws it (calleeModel.ts, the what-if simulator's model), and agents are simulated seats that
 * pick up at once when bridged. Talk lasts the drawn talk time, then one side hangs up.
 *
 * Everything happens on the engine's clock, so the same network runs in real time under `serve`,
 * sped up under CCC_CLOCK_SPEED, and in virtual time under `simulate`. Draws are made in a fixed
 * order per dial (calleeModel's order), so a seed reproduces a run.
 */
import type { Clock, TimerHandle } from '../../domain/clock.ts';
import type { Random } from '../../domain/random.ts';
import type { CallCause } from '../callCause.ts';
import type {
  AgentEndpoint,
  CallEnd,
  CallEvents,
  CallHandle,
  DialRequest,
  EndingSide,
  Telephony,
} from '../telephony.ts';
import { TelephonyError } from '../telephony.ts';
import { type AttemptOutcome, type CalleeParams, drawAttempt, validateCalleeParams } from './calleeModel.ts';

/** What a scripted callee does (tests): the model's outcomes, or a refusal for a given cause. */
export type SimOutcome =
  | AttemptOutcome
  | { readonly kind: 'failed'; readonly cause: CallCause; readonly afterSeconds: number }
  | { readonly kind: 'refused'; readonly cause: CallCause };

export interface SimTelephonyOptions {
  readonly clock: Clock;
  readonly random: Random;
  /** The callee model; its ring timeout is the network's (a dial request may ask for a shorter one). */
  readonly model: CalleeParams;
  /** Share of connected calls the agent ends (the rest the callee ends); default 0.5. */
  readonly seatHangUpShare?: number;
  /** How long an abandoned call stays in the IVR before it ends, seconds (default 10). */
  readonly ivrSeconds?: number;
  /** Per-number behaviour for tests; undefined falls back to the model. */
  readonly script?: (request: DialRequest) => SimOutcome | undefined;
}

type SimPhase = 'ringing' | 'answered' | 'talking' | 'ivr' | 'ended';

/** What the call's one pending timer does when it fires. */
type SimStep =
  | { readonly kind: 'answer' }
  | { readonly kind: 'end'; readonly cause: CallCause; readonly side: EndingSide };

const ANSWER: SimStep = { kind: 'answer' };
const NO_ANSWER: SimStep = { kind: 'end', cause: 'noAnswer', side: 'system' };
const BUSY: SimStep = { kind: 'end', cause: 'busy', side: 'user' };
const SEAT_HANGS_UP: SimStep = { kind: 'end', cause: 'normalClearing', side: 'seat' };
const USER_HANGS_UP: SimStep = { kind: 'end', cause: 'normalClearing', side: 'user' };
const IVR_ENDS: SimStep = { kind: 'end', cause: 'normalClearing', side: 'system' };
const CANCELLED: SimStep = { kind: 'end', cause: 'cancelled', side: 'system' };

/**
 * One simulated call. It has at most one timer pending (ring → answer or end, talk → end, IVR →
 * end), fired through one callback made per call: a simulated day sets ~400,000 of these timers.
 */
class SimCall implements CallHandle {
  phase: SimPhase = 'ringing';
  timer: TimerHandle | undefined;
  step: SimStep = ANSWER;
  /** The timer callback, bound once per call. */
  readonly fire: () => void;

  constructor(
    readonly sessionId: string,
    readonly events: CallEvents,
    readonly talkSeconds: number,
    private readonly network: { end(call: SimCall, cause: CallCause, side: EndingSide): void },
  ) {
    this.fire = this.fireStep.bind(this);
  }

  private fireStep(): void {
    this.timer = undefined;
    const step = this.step;
    if (step.kind === 'answer') {
      this.phase = 'answered';
      this.events.answered();
    } else {
      this.network.end(this, step.cause, step.side);
    }
  }
}

export interface SimTelephony extends Telephony {
  /** Calls not yet ended. */
  readonly liveCalls: number;
}

export function createSimTelephony(options: SimTelephonyOptions): SimTelephony {
  const { clock, random } = options;
  validateCalleeParams(options.model);
  const seatShare = options.seatHangUpShare ?? 0.5;
  const ivrMs = (options.ivrSeconds ?? 10) * 1000;
  const live = new Set<SimCall>();
  let closed = false;

  const network = {
    end(call: SimCall, cause: CallCause, side: EndingSide): void {
      if (call.phase === 'ended') return;
      call.phase = 'ended';
      if (call.timer) clock.clearTimer(call.timer);
      call.timer = undefined;
      live.delete(call);
      const ending: CallEnd = { cause, side };
      call.events.ended(ending);
    },
  };

  const later = (call: SimCall, seconds: number, step: SimStep): void => {
    if (call.timer) clock.clearTimer(call.timer);
    call.step = step;
    call.timer = clock.setTimer(seconds * 1000, call.fire);
  };

  const drawFor = (request: DialRequest): SimOutcome => {
    const scripted = options.script?.(request);
    if (scripted) return scripted;
    return drawAttempt(random, options.model);
  };

  return {
    get liveCalls() {
      return live.size;
    },

    async dial(request: DialRequest, events: CallEvents): Promise<CallHandle> {
      if (closed) throw new TelephonyError('networkFailure', 'the simulated network is closed');
      const outcome = drawFor(request);
      if (outcome.kind === 'refused') throw new TelephonyError(outcome.cause);
      const call = new SimCall(
        request.sessionId,
        events,
        outcome.kind === 'answered' ? outcome.talkSeconds : 0,
        network,
      );
      live.add(call);
      // Ringing is reported once dial() has returned, never from inside it.
      queueMicrotask(() => {
        if (call.phase === 'ringing') events.ringing();
      });
      const timeout = Math.min(request.ringTimeoutSeconds, options.model.ringTimeoutSeconds);
      switch (outcome.kind) {
        case 'answered':
          if (outcome.ringSeconds < timeout) later(call, outcome.ringSeconds, ANSWER);
          else later(call, timeout, NO_ANSWER);
          break;
        case 'busy':
          later(call, outcome.afterSeconds, BUSY);
          break;
        case 'noAnswer':
          later(call, Math.min(outcome.afterSeconds, timeout), NO_ANSWER);
          break;
        case 'failed':
          later(call, outcome.afterSeconds, { kind: 'end', cause: outcome.cause, side: 'system' });
          break;
      }
      return call;
    },

    async bridge(handle: CallHandle, _agent: AgentEndpoint): Promise<void> {
      const call = handle as SimCall;
      if (call.phase !== 'answered')
        throw new TelephonyError('cancelled', 'the call is not waiting for an agent');
      call.phase = 'talking';
      // The simulated seat picks up at once; talk lasts the drawn time, then one side hangs up.
      later(call, call.talkSeconds, random.next() < seatShare ? SEAT_HANGS_UP : USER_HANGS_UP);
      call.events.bridged?.();
    },

    async handOff(handle: CallHandle, _ivrTarget: string): Promise<void> {
      const call = handle as SimCall;
      if (call.phase !== 'answered')
        throw new TelephonyError('cancelled', 'the call is not waiting for an agent');
      call.phase = 'ivr';
      later(call, ivrMs / 1000, IVR_ENDS);
    },

    async hangup(handle: CallHandle): Promise<void> {
      const call = handle as SimCall;
      if (call.phase === 'ended') return;
      // The end is reported on the clock's next turn, as the network would.
      later(call, 0, CANCELLED);
    },

    async close(): Promise<void> {
      closed = true;
      for (const call of live) {
        if (call.timer) clock.clearTimer(call.timer);
        call.phase = 'ended';
      }
      live.clear();
    },
  };
}
