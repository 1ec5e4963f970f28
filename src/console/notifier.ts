import type { DialerEvents } from '../dialer/dialerEvents.ts';
import { deskKey } from './consoleDeps.ts';
import type { CampaignPoint, CampaignSnapshot, DeskSnapshot } from './consoleWire.ts';
import type { LiveFeeds } from './liveFeeds.ts';

export type DialerEventSource = Pick<DialerEvents, 'on'>;

/**
 * Turns the engine's events into fresh frames of the live views they concern: a call's progress
 * re-reads its campaign's view, an agent's status change that agent's desk and the campaign views
 * (whose agent panels show it). The frames themselves are read from the database, which the engine
 * commits to before it emits, so a frame never shows less than the event that prompted it.
 * Returns the way to stop listening.
 */
export function attachNotifier(
  events: DialerEventSource,
  feeds: {
    readonly campaignFeeds: LiveFeeds<CampaignSnapshot, CampaignPoint>;
    readonly deskFeeds: LiveFeeds<DeskSnapshot>;
  },
): () => void {
  const campaign = (payload: { readonly campaignId: number }) =>
    feeds.campaignFeeds.poke(String(payload.campaignId));
  const stops = [
    events.on('campaign:status', campaign),
    events.on('call:placed', campaign),
    events.on('call:answered', campaign),
    events.on('call:connected', campaign),
    events.on('call:abandoned', campaign),
    events.on('call:ended', campaign),
    events.on('agent:status', (payload) => {
      feeds.deskFeeds.poke(deskKey(payload.sdkAppId, payload.mail));
      for (const key of feeds.campaignFeeds.keys()) feeds.campaignFeeds.poke(key);
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
