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

interface SimCall extends CallHandle {
  readonly events: CallEvents;
  phase: SimPhase;
  timer: TimerHandle | undefined;
  readonly talkSeconds: number;
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

  const end = (call: SimCall, cause: CallCause, side: EndingSide): void => {
    if (call.phase === 'ended') return;
    call.phase = 'ended';
    if (call.timer) clock.clearTimer(call.timer);
    call.timer = undefined;
    live.delete(call);
    const ending: CallEnd = { cause, side };
    call.events.ended(ending);
  };

  const later = (call: SimCall, seconds: number, fn: () => void): void => {
    if (call.timer) clock.clearTimer(call.timer);
    call.timer = clock.setTimer(seconds * 1000, () => {
      call.timer = undefined;
      fn();
    });
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
      const call: SimCall = {
        sessionId: request.sessionId,
        events,
        phase: 'ringing',
        timer: undefined,
        talkSeconds: outcome.kind === 'answered' ? outcome.talkSeconds : 0,
      };
      live.add(call);
      // Ringing is reported once dial() has returned, never from inside it.
      queueMicrotask(() => {
        if (call.phase === 'ringing') events.ringing();
      });
      const timeout = Math.min(request.ringTimeoutSeconds, options.model.ringTimeoutSeconds);
      switch (outcome.kind) {
        case 'answered':
          if (outcome.ringSeconds < timeout) {
            later(call, outcome.ringSeconds, () => {
              call.phase = 'answered';
              events.answered();
            });
          } else {
            later(call, timeout, () => end(call, 'noAnswer', 'system'));
          }
          break;
        case 'busy':
          later(call, outcome.afterSeconds, () => end(call, 'busy', 'user'));
          break;
        case 'noAnswer':
          later(call, Math.min(outcome.afterSeconds, timeout), () => end(call, 'noAnswer', 'system'));
          break;
        case 'failed':
          later(call, outcome.afterSeconds, () => end(call, outcome.cause, 'system'));
          break;
      }
      return call;
    },

    async bridge(handle: CallHandle, _agent: AgentEndpoint): Promise<void> {
      const call = handle as SimCall;
      if (call.phase !== 'answered') throw new TelephonyError('cancelled', 'the call is not waiting for an agent');
      call.phase = 'talking';
      // The simulated seat picks up at once; talk lasts the drawn time, then one side hangs up.
      const side: EndingSide = random.next() < seatShare ? 'seat' : 'user';
      later(call, call.talkSeconds, () => end(call, 'normalClearing', side));
      call.events.bridged?.();
    },

    async handOff(handle: CallHandle, _ivrTarget: string): Promise<void> {
      const call = handle as SimCall;
      if (call.phase !== 'answered') throw new TelephonyError('cancelled', 'the call is not waiting for an agent');
      call.phase = 'ivr';
      later(call, ivrMs / 1000, () => end(call, 'normalClearing', 'system'));
    },

    async hangup(handle: CallHandle): Promise<void> {
      const call = handle as SimCall;
      if (call.phase === 'ended') return;
      // The end is reported on the clock's next turn, as the network would.
      if (call.timer) clock.clearTimer(call.timer);
      call.timer = clock.setTimer(0, () => {
        call.timer = undefined;
        end(call, 'cancelled', 'system');
      });
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
