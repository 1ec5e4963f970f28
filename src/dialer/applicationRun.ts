/**
 * An application as the engine runs it: its policies (with the service defaults applied) and its
 * call capacity — one limit for the application and one per caller number, shared by all of the
 * application's campaigns.
 */
import { CallCapacity } from './callCapacity.ts';
import type { ApplicationSettings, CallerNumber } from './ports/dialerStore.ts';

/** Wrap-up after each call when the application sets none, seconds (DESIGN: "default 10"). */
export const DEFAULT_WRAP_UP_SECONDS = 10;

export class ApplicationRun {
  readonly sdkAppId: number;
  private settings: ApplicationSettings;
  capacity: CallCapacity;
  private numbers = new Map<string, CallerNumber>();
  private readonly callerCapacities = new Map<string, CallCapacity>();

  constructor(
    settings: ApplicationSettings,
    private readonly defaultWrapUpSeconds = DEFAULT_WRAP_UP_SECONDS,
  ) {
    this.sdkAppId = settings.sdkAppId;
    this.settings = settings;
    this.capacity = new CallCapacity(settings.maxConcurrentCalls, settings.maxCallsPerSecond);
    this.indexNumbers();
  }

  /** New settings from the store; live calls and recent starts carry over to the new limits. */
  update(settings: ApplicationSettings): void {
    const before = this.settings;
    this.settings = settings;
    if (
      before.maxConcurrentCalls !== settings.maxConcurrentCalls ||
      before.maxCallsPerSecond !== settings.maxCallsPerSecond
    ) {
      this.capacity = this.capacity.withLimits(settings.maxConcurrentCalls, settings.maxCallsPerSecond);
    }
    this.indexNumbers();
  }

  get wrapUpSeconds(): number {
    return this.settings.wrapUpSeconds ?? this.defaultWrapUpSeconds;
  }

  get abandonQuietSeconds(): number {
    return this.settings.abandonQuietSeconds ?? 0;
  }

  /** Percent, or null when the application sets no ceiling. */
  get abandonRateCeiling(): number | null {
    return this.settings.abandonRateCeiling;
  }

  ivrTarget(ivrId: number): string | undefined {
    return this.settings.ivrs.find((i) => i.ivrId === ivrId)?.target;
  }

  /** A caller number the application owns and has in service (state 1). */
  callerUsable(number: string): boolean {
    return this.numbers.get(number)?.state === 1;
  }

  callerCapacity(number: string): CallCapacity {
    let capacity = this.callerCapacities.get(number);
    if (!capacity) {
      const n = this.numbers.get(number);
      capacity = new CallCapacity(n?.maxConcurrentCalls ?? null, n?.maxCallsPerSecond ?? null);
      this.callerCapacities.set(number, capacity);
    }
    return capacity;
  }

  private indexNumbers(): void {
    const numbers = new Map<string, CallerNumber>();
    for (const n of this.settings.numbers) numbers.set(n.number, n);
    for (const [number, capacity] of this.callerCapacities) {
      const before = this.numbers.get(number);
      const after = numbers.get(number);
      if (
        before?.maxConcurrentCalls !== after?.maxConcurrentCalls ||
        before?.maxCallsPerSecond !== after?.maxCallsPerSecond
      ) {
        this.callerCapacities.set(
          number,
          capacity.withLimits(after?.maxConcurrentCalls ?? null, after?.maxCallsPerSecond ?? null),
        );
      }
    }
    this.numbers = numbers;
  }
}
