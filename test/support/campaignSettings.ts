import { type CampaignSettings, OPTIONAL_DEFAULTS } from '../../src/domain/campaign/campaignSettings.ts';

/**
 * A campaign's settings for tests below the API: those of a plain campaign of the test application
 * (test/support/testServer.ts), with `changes` over them.
 */
export function campaignSettings(changes: Partial<CampaignSettings> = {}): CampaignSettings {
  return {
    ...OPTIONAL_DEFAULTS,
    name: 'Store test',
    callers: ['0086075586013388'],
    callOrder: 1,
    skillGroupId: 255,
    priority: 3,
    expectedAbandonRate: 10,
    retryTimes: 0,
    retryIntervalS: 60,
    startTimeS: 1_000,
    endTimeS: 2_000,
    ...changes,
  };
}
