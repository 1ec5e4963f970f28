/**
 * The pacer's port: the engine tells it what happened (observations) and shows it the live state
 * of one skill group's pool (the view); it answers how many more calls to place now.
 *
 * One pacer serves one campaign. Campaigns that share a skill group are asked in priority order,
 * each seeing the calls the others already have in flight, so a higher-priority campaign gets the
 * first claim on the agents that will free up.
 */

/** An agent of the pool, as the pacer may count on it: logged in and taking calls. */
export interface AgentView {
  readonly state: 'free' | 'busy' | 'afterCallWork';
  /** When the agent entered that state (ms, engine clock). */
  readonly since: number;
}

/** A placed call not yet connected to an agent nor ended. */
export interface CallView {
  readonly placedAt: number;
  /** Set once the callee answered; the call now waits for a free agent. */
  readonly answeredAt?: number;
  /** True when the call belongs to the campaign this pacer serves. */
  readonly own: boolean;
}

export interface PacingView {
  /** ms, engine clock (virtual in simulation). */
  readonly now: number;
  readonly agents: readonly AgentView[];
  readonly calls: readonly CallView[];
  /** Abandon-rate target as a fraction (0.03 = 3%): the lower of the campaign's and the ceiling. */
  readonly targetAbandonRate: number;
  /** Wrap-up time after every call, seconds. */
  readonly wrapSeconds: number;
  /** How long an answered call may wait for an agent before it is abandoned, seconds. */
  readonly connectDeadlineSeconds: number;
  /** Ring timeout, seconds: an unanswered call ends as no-answer after this. */
  readonly ringTimeoutSeconds: number;
}

/** What happened to this campaign's calls; times in ms on the engine clock. */
export type PacingObservation =
  | { readonly type: 'placed'; readonly at: number }
  | { readonly type: 'answered'; readonly at: number; readonly ringSeconds: number }
  | {
      readonly type: 'unanswered';
      readonly at: number;
      readonly seconds: number;
      readonly cause: 'busy' | 'noAnswer' | 'failed';
    }
  | { readonly type: 'connected'; readonly at: number; readonly waitSeconds: number }
  | { readonly type: 'abandoned'; readonly at: number }
  | { readonly type: 'talkEnded'; readonly at: number; readonly talkSeconds: number };

export interface PacingDecision {
  /** Calls to place now (0 or more). */
  readonly place: number;
  /** The pacer's estimates behind the decision, for the trace (e.g. answer probability, budget). */
  readonly estimates: Readonly<Record<string, number>>;
}

export interface Pacer {
  readonly strategy: string;
  observe(observation: PacingObservation): void;
  decide(view: PacingView): PacingDecision;
}
