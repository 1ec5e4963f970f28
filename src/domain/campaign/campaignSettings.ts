import type { TimeRange } from './availableTime.ts';
import type { CalleeAttribute } from './calleeAttributes.ts';
import type { Variable } from './variables.ts';

/** A campaign's validated settings: everything but its callees and its run state. */
export interface CampaignSettings {
  readonly name: string;
  /** Caller numbers as the application's number list spells them, each once. */
  readonly callers: readonly string[];
  /** 0 random (a seeded shuffle), 1 in list order. */
  readonly callOrder: number;
  readonly skillGroupId: number;
  readonly ivrId: number | null;
  readonly priority: number;
  readonly expectedAbandonRate: number;
  readonly retryTimes: number;
  readonly retryIntervalS: number;
  readonly startTimeS: number;
  readonly endTimeS: number;
  readonly variables: readonly Variable[];
  readonly uui: string;
  readonly timeZone: string | null;
  readonly availableTime: readonly TimeRange[];
}

/** The callees of a campaign, normalised and de-duplicated, with the attributes some carry. */
export interface CalleeList {
  readonly numbers: readonly string[];
  readonly attributes: ReadonlyMap<string, CalleeAttribute>;
}

/** The optional settings' values when a Create leaves them out (RetryTimes 0: the seed's default). */
export const OPTIONAL_DEFAULTS = {
  ivrId: null,
  retryTimes: 0,
  variables: [],
  uui: '',
  timeZone: null,
  availableTime: [],
} as const satisfies Partial<CampaignSettings>;
