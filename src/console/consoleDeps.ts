import type { ApiServices } from '../api/services.ts';
import type { ActionRunner } from './actionRunner.ts';
import type { CallTally } from './callTally.ts';
import type { CampaignSimulator } from './campaignSimulator.ts';
import type { CampaignPoint, CampaignSnapshot, DeskSnapshot } from './consoleWire.ts';
import type { EventStreams } from './eventStream.ts';
import type { LiveFeeds } from './liveFeeds.ts';
import type { SignInThrottle } from './signInThrottle.ts';

/** What the console's routes work with, built once by the plugin. */
export interface ConsoleDeps {
  readonly services: ApiServices;
  readonly runner: ActionRunner;
  /** Real time: sessions expire on it, whatever the business clock does. */
  readonly realNow: () => number;
  /** What signs the session cookies (and keys the fingerprints they carry). */
  readonly sessionSecret: string;
  readonly tally: CallTally;
  readonly campaignFeeds: LiveFeeds<CampaignSnapshot, CampaignPoint>;
  /** Keyed `sdkAppId:mail`. */
  readonly deskFeeds: LiveFeeds<DeskSnapshot>;
  readonly streams: EventStreams;
  readonly signInThrottle: SignInThrottle;
  readonly simulator: CampaignSimulator;
}

export function deskKey(sdkAppId: number, mail: string): string {
  return `${sdkAppId}:${mail}`;
}
