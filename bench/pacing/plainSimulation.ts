/**
 * A plain, fast discrete-event simulation of DESIGN.md's what-if model, driving any `Pacer` through
 * its port. It is the tuning harness for the pacing strategies and the speed baseline for the real
 * engine (which runs the same model through the store, the telephony port and the virtual clock).
 *
 * Semantics mirrored from the engine:
 * - N agents, always logged in; one campaign; callees never run dry.
 * - `decide()` is called after every event that changes the pool (a call's outcome, an abandon, a
 *   talk end, an agent freed) and on a periodic tick (every 250 ms of simulated time); the calls it
 *   asks for are placed at once. The pacer sees observations of its calls before the decision.
 * - An answered call goes to the longest-idle free agent; else it waits up to the connect deadline
 *   (2 s) and is abandoned if no agent frees up by then. Waiting calls are served first-come
 *   first-served when an agent frees.
 * - Outcomes from `drawAttempt` (busy ends after ~3 s, no-answer at the ring timeout); after talk the
 *   agent is in wrap-up for `wrapSeconds`, then free.
 * - Time runs in ms on the simulated clock from 0 to `hours`; the summary gets seconds.
 */
import type {
  AgentView,
  CallView,
  Pacer,
  PacingObservation,
  PacingView,
} from '../../src/dialer/pacing/pacer.ts';
import { type Random, seededRandom } from '../../src/domain/random.ts';
import type { CallRecord, SimulationSummary, SummaryInput } from '../../src/simulation/summary.ts';
import { summarize } from '../../src/simulation/summary.ts';
import { type CalleeParams, drawAttempt, validateCalleeParams } from '../../src/telephony/sim/calleeModel.ts';
import { EventQueue, type TimedEvent } from './eventQueue.ts';

export interface PlainSimulationOptions {
  readonly agents: number;
  readonly hours: number;
  readonly callee: CalleeParams;
  readonly wrapSeconds: number;
  /** Abandon-rate target as a fraction (0.03 = 3%). */
  readonly targetAbandonRate: number;
  readonly pacer: Pacer;
  readonly seed: number;
  /** Connect deadline, seconds (default 2). */
  readonly connectDeadlineSeconds?: number;
  /** Decision tick, ms of simulated time (default 250). */
  readonly tickMs?: number;
  /** Called after every decision (for traces); keep it cheap. */
  readonly onDecision?: (
    view: PacingView,
    place: number,
    estimates: Readonly<Record<string, number>>,
  ) => void;
}

interface SimAgent extends AgentView {
  state: 'free' | 'busy' | 'afterCallWork';
  since: number;
}

interface SimCall extends CallView {
  answeredAt?: number;
  /** Index in the view's `calls` array while in flight, else -1. */
  slot: number;
  waiting: boolean;
  readonly record: MutableRecord;
  readonly talkSeconds: number;
}

interface MutableRecord {
  placedAt: number;
  answeredAt?: number;
  connectedAt?: number;
  abandonedAt?: number;
  talkSeconds?: number;
}

const OUTCOME = 0;
const DEADLINE = 1;
const TALK_END = 2;
const WRAP_END = 3;
const TICK = 4;

interface SimEvent extends TimedEvent {
  readonly kind: number;
  readonly call?: SimCall;
  readonly agent?: SimAgent;
  readonly outcome?: 'answered' | 'busy' | 'noAnswer';
  readonly seconds?: number;
}

export function runPlainSimulation(options: PlainSimulationOptions): SimulationSummary {
  return summarize(simulateRecords(options));
}

/** The simulation itself; returns the summary's input (records and span). */
export function simulateRecords(options: PlainSimulationOptions): SummaryInput {
  const { agents: agentCount, callee, wrapSeconds, pacer } = options;
  validateCalleeParams(callee);
  const deadlineMs = (options.connectDeadlineSeconds ?? 2) * 1000;
  const tickMs = options.tickMs ?? 250;
  const endMs = options.hours * 3600 * 1000;
  const wrapMs = wrapSeconds * 1000;
  const random: Random = seededRandom(options.seed);
  const queue = new EventQueue<SimEvent>();
  const records: MutableRecord[] = [];

  const agents: SimAgent[] = [];
  /** Free agents, longest idle first (agents free up in time order, so a FIFO keeps that order). */
  const freeAgents: SimAgent[] = [];
  let freeHead = 0;
  for (let i = 0; i < agentCount; i++) {
    const agent: SimAgent = { state: 'free', since: 0 };
    agents.push(agent);
    freeAgents.push(agent);
  }
  const calls: SimCall[] = [];
  /** Answered calls waiting for an agent, oldest first (lazily cleared). */
  const waiting: SimCall[] = [];
  let waitingHead = 0;

  const view = {
    now: 0,
    agents: agents as readonly AgentView[],
    calls: calls as readonly CallView[],
    targetAbandonRate: options.targetAbandonRate,
    wrapSeconds,
    connectDeadlineSeconds: deadlineMs / 1000,
    ringTimeoutSeconds: callee.ringTimeoutSeconds,
  };

  const observe = (observation: PacingObservation): void => pacer.observe(observation);

  const removeCall = (call: SimCall): void => {
    const last = calls.pop()!;
    if (last !== call) {
      calls[call.slot] = last;
      last.slot = call.slot;
    }
    call.slot = -1;
  };

  const connect = (call: SimCall, agent: SimAgent, now: number): void => {
    removeCall(call);
    call.waiting = false;
    agent.state = 'busy';
    agent.since = now;
    call.record.connectedAt = now / 1000;
    call.record.talkSeconds = call.talkSeconds;
    queue.push({ at: now + call.talkSeconds * 1000, seq: 0, kind: TALK_END, agent });
    observe({ type: 'connected', at: now, waitSeconds: (now - call.answeredAt!) / 1000 });
  };

  const freeAgent = (agent: SimAgent, now: number): void => {
    while (waitingHead < waiting.length) {
      const call = waiting[waitingHead++]!;
      if (call.waiting) {
        connect(call, agent, now);
        return;
      }
    }
    if (waitingHead > 1024 && waitingHead * 2 > waiting.length) {
      waiting.splice(0, waitingHead);
      waitingHead = 0;
    }
    agent.state = 'free';
    agent.since = now;
    freeAgents.push(agent);
  };

  const place = (now: number): void => {
    const outcome = drawAttempt(random, callee);
    const record: MutableRecord = { placedAt: now / 1000 };
    records.push(record);
    const call: SimCall = {
      placedAt: now,
      own: true,
      slot: calls.length,
      waiting: false,
      record,
      talkSeconds: outcome.kind === 'answered' ? outcome.talkSeconds : 0,
    };
    calls.push(call);
    observe({ type: 'placed', at: now });
    const seconds = outcome.kind === 'answered' ? outcome.ringSeconds : outcome.afterSeconds;
    queue.push({ at: now + seconds * 1000, seq: 0, kind: OUTCOME, call, outcome: outcome.kind, seconds });
  };

  const decide = (now: number): void => {
    view.now = now;
    const decision = pacer.decide(view);
    const n = Math.min(decision.place, 100_000);
    for (let i = 0; i < n; i++) place(now);
    options.onDecision?.(view, n, decision.estimates);
  };

  queue.push({ at: tickMs, seq: 0, kind: TICK });
  decide(0);

  for (;;) {
    const event = queue.pop();
    if (event === undefined || event.at > endMs) break;
    const now = event.at;
    switch (event.kind) {
      case OUTCOME: {
        const call = event.call!;
        if (event.outcome === 'answered') {
          call.answeredAt = now;
          call.record.answeredAt = now / 1000;
          observe({ type: 'answered', at: now, ringSeconds: event.seconds! });
          if (freeHead < freeAgents.length) {
            const agent = freeAgents[freeHead++]!;
            if (freeHead > 1024 && freeHead * 2 > freeAgents.length) {
              freeAgents.splice(0, freeHead);
              freeHead = 0;
            }
            connect(call, agent, now);
          } else {
            call.waiting = true;
            waiting.push(call);
            queue.push({ at: now + deadlineMs, seq: 0, kind: DEADLINE, call });
          }
        } else {
          removeCall(call);
          observe({
            type: 'unanswered',
            at: now,
            seconds: event.seconds!,
            cause: event.outcome === 'busy' ? 'busy' : 'noAnswer',
          });
        }
        break;
      }
      case DEADLINE: {
        const call = event.call!;
        if (!call.waiting) continue;
        call.waiting = false;
        removeCall(call);
        call.record.abandonedAt = now / 1000;
        observe({ type: 'abandoned', at: now });
        break;
      }
      case TALK_END: {
        const agent = event.agent!;
        observe({ type: 'talkEnded', at: now, talkSeconds: (now - agent.since) / 1000 });
        if (wrapMs > 0) {
          agent.state = 'afterCallWork';
          agent.since = now;
          queue.push({ at: now + wrapMs, seq: 0, kind: WRAP_END, agent });
        } else {
          freeAgent(agent, now);
        }
        break;
      }
      case WRAP_END:
        freeAgent(event.agent!, now);
        break;
      case TICK:
        queue.push({ at: now + tickMs, seq: 0, kind: TICK });
        break;
    }
    decide(now);
  }

  return {
    calls: records as readonly CallRecord[],
    agents: agentCount,
    simulatedSeconds: endMs / 1000,
    wrapSeconds,
  };
}
