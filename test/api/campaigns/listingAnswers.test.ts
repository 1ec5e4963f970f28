import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBackend } from '../../support/testDatabase.ts';
import {
  ACME_APP,
  ACME_KEY,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../../support/testServer.ts';
import { nowSeconds, refusalOf, seedExample } from './campaignSupport.ts';

// A listing's answer may be given again until the database changes (the gateway's answer cache):
// what a client sees must never tell.
let server: TestServer;
let campaignId: number;

beforeAll(async () => {
  server = await startTestServer();
  campaignId = (
    await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds(), { Name: 'First' }))
  ).CampaignId;
});
afterAll(() => server.close());

const list = (key = ACME_KEY, sdkAppId = ACME_APP) =>
  server.sdk({ key }).DescribePredictiveDialingCampaigns({ SdkAppId: sdkAppId, PageSize: 10, PageNumber: 0 });

const summary = (answer: Awaited<ReturnType<typeof list>>) =>
  (answer.CampaignList as Array<{ Name: string; Status: number }>).map((c) => `${c.Name}:${c.Status}`);

describe('DescribePredictiveDialingCampaigns asked again', () => {
  it('answers each request with a RequestId of its own', async () => {
    const [a, b] = [await list(), await list()];
    expect(summary(a)).toEqual(summary(b));
    expect(a.RequestId).not.toBe(b.RequestId);
  });

  it('follows every change made through the API at once', async () => {
    expect(summary(await list())).toEqual(['First:0']);
    await server.sdk().AbortPredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId: campaignId });
    expect(summary(await list())).toEqual(['First:3']);
    await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds(), { Name: 'Second' }));
    const answer = await list();
    expect(summary(answer)).toEqual(['Second:0', 'First:3']);
    expect(answer.TotalCount).toBe(2);
  });

  it.skipIf(apiBackend() !== 'sqlite')(
    'follows a change another process commits to the database file',
    async () => {
      await list();
      const other = new BetterSqlite3(`${server.config.dataDir}/ccc.db`);
      try {
        other.prepare('UPDATE campaigns SET name = ? WHERE campaign_id = ?').run('Renamed', campaignId);
      } finally {
        other.close();
      }
      expect(summary(await list())).toContain('Renamed:3');
    },
  );

  it('follows what the engine writes of a campaign while it dials, among its other writes', async () => {
    const { db } = server.runtime.database;
    const finished = async () =>
      ((await list()).CampaignList as Array<{ CampaignId: number; FinishedCalleeCount: number }>).find(
        (c) => c.CampaignId === campaignId,
      )?.FinishedCalleeCount;
    expect(await finished()).toBe(0);
    // As the engine's claims and call records do: other tables, the listing the same.
    await db.updateTable('callees').set({ attempts: 1 }).where('campaign_id', '=', campaignId).execute();
    expect(await finished()).toBe(0);
    await db
      .updateTable('campaigns')
      .set({ finished_callee_count: 1 })
      .where('campaign_id', '=', campaignId)
      .execute();
    expect(await finished()).toBe(1);
  });

  it('gives an answer only to the tenant it was made for', async () => {
    await list();
    const refusal = await refusalOf(list(OTHER_KEY, ACME_APP));
    expect(refusal.code).toBe('InvalidParameterValue.InstanceNotExist');
    expect((await list(OTHER_KEY, OTHER_APP)).TotalCount).toBe(0);
  });
});
