/**
 * A campaign as the engine runs it: its settings, the status it acts on, its pacer, its caller
 * rotation, and the cached answer of its calling window.
 */

import { callingWindowAt, type WindowState } from '../domain/callingWindow.ts';
import { CampaignStatus } from '../domain/campaign/campaignStatus.ts';
import type { RetryRules } from '../domain/retryPolicy.ts';
import type { AgentPool } from './agentPool.ts';
import type { ApplicationRun } from './applicationRun.ts';
import { CallerRotation } from './callerRotation.ts';
import type { Pacer } from './pacing/pacer.ts';
import type { DialingCampaign } from './ports/dialerStore.ts';

export class CampaignRun {
  status: CampaignStatus;
  calleeCount: number;
  finishedCalleeCount: number;
  readonly rotation: CallerRotation;
  /** A transition is being committed. */
  transitioning = false;
  /** Reads of the store applied (`update`): a transition committed meanwhile can't tell which is newer. */
  loads = 0;
  /** No due callee was found: don't ask the store again before this (ms). */
  dryUntil = Number.NEGATIVE_INFINITY;
  private window: WindowState | undefined;
  private rules: RetryRules | undefined;

  constructor(
    public settings: DialingCampaign,
    readonly app: ApplicationRun,
    readonly pool: AgentPool,
    readonly pacer: Pacer,
    private readonly defaultTimeZone: string,
  ) {
    this.status = settings.status;
    this.calleeCount = settings.calleeCount;
    this.finishedCalleeCount = settings.finishedCalleeCount;
    this.rotation = new CallerRotation(settings.callers);
  }

  get campaignId(): number {
    return this.settings.campaignId;
  }

  get priority(): number {
    return this.settings.priority;
  }

  update(settings: DialingCampaign): void {
    const before = this.settings;
    this.loads++;
    this.settings = settings;
    this.status = settings.status;
    this.calleeCount = settings.calleeCount;
    this.finishedCalleeCount = Math.max(this.finishedCalleeCount, settings.finishedCalleeCount);
    if (before.callers !== settings.callers) this.rotation.update(settings.callers);
    if (before.timeZone !== settings.timeZone || before.availableTime !== settings.availableTime) {
      this.window = undefined;
    }
    this.dryUntil = Number.NEGATIVE_INFINITY;
    if (before.priority !== settings.priority) this.pool.sortRuns();
  }

  /** The pacer's target, a fraction: the lower of ExpectedAbandonRate and the application's ceiling. */
  get targetAbandonRate(): number {
    const ceiling = this.app.abandonRateCeiling;
    const percent =
      ceiling === null
        ? this.settings.expectedAbandonRate
        : Math.min(this.settings.expectedAbandonRate, ceiling);
    return percent / 100;
  }

  get retryRules(): RetryRules {
    const quiet = this.app.abandonQuietSeconds;
    const rules = this.rules;
    if (
      rules?.retryTimes === this.settings.retryTimes &&
      rules.retryIntervalSeconds === this.settings.retryIntervalSeconds &&
      rules.abandonQuietSeconds === quiet
    ) {
      return rules;
    }
    this.rules = {
      retryTimes: this.settings.retryTimes,
      retryIntervalSeconds: this.settings.retryIntervalSeconds,
      abandonQuietSeconds: quiet,
    };
    return this.rules;
  }

  /** Whether the campaign may place calls now: running, before EndTime, inside AvailableTime. */
  mayDial(now: number): boolean {
    if (this.status !== CampaignStatus.Running || now >= this.settings.endAt) return false;
    let window = this.window;
    if (window === undefined || now >= window.until) {
      window = callingWindowAt(
        now,
        this.settings.timeZone ?? this.defaultTimeZone,
        this.settings.availableTime,
      );
      this.window = window;
    }
    return window.open;
  }

  /** When the calling window next changes (ms), for callers that want to wake up then. */
  get windowChangesAt(): number | undefined {
    return this.window?.until;
  }
}
