import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACME_APP, startTestServer, type TestServer } from '../../support/testServer.ts';
import { acmeWithLimits, nowSeconds, seedExample } from './campaignSupport.ts';

const CALLEES = 100_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(acmeWithLimits({ maxCalleesPerCampaign: CALLEES }));
});
afterAll(() => server.close());

/** 100,000 distinct Chinese mobile numbers. */
function manyCallees(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `+86130${String(i).padStart(8, '0')}`);
}

it('creates a campaign of 100,000 callees in well under 2 seconds', async () => {
  const request = seedExample(nowSeconds(), { Callees: manyCallees(CALLEES) });
  const started = performance.now();
  const { CampaignId } = await server.sdk().CreatePredictiveDialingCampaign(request);
  const seconds = (performance.now() - started) / 1000;
  console.info(`CreatePredictiveDialingCampaign with ${CALLEES} callees: ${seconds.toFixed(3)} s`);
  // The target is 2 s; 5 s keeps a loaded CI machine from failing a build on noise.
  expect(seconds).toBeLessThan(5);

  const listed = await server
    .sdk()
    .DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0, CampaignId });
  expect(listed.CampaignList[0].CalleeCount).toBe(CALLEES);
  const rows = await server.runtime.database.db
    .selectFrom('callees')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('order_key').as('maxKey')])
    .where('campaign_id', '=', CampaignId)
    .executeTakeFirstOrThrow();
  expect(Number(rows.count)).toBe(CALLEES);
  expect(Number(rows.maxKey)).toBe(CALLEES - 1);
});

it('refuses one callee past the application limit with LimitExceeded.OutOfCountLimit', async () => {
  // Distinct numbers count, not list entries: a duplicate does not use up the limit.
  const request = seedExample(nowSeconds(), { Callees: [...manyCallees(CALLEES), '+8613000000000'] });
  await expect(server.sdk().CreatePredictiveDialingCampaign(request)).resolves.toHaveProperty('CampaignId');
  const over = seedExample(nowSeconds(), { Callees: [...manyCallees(CALLEES), '+8613100000000'] });
  await expect(server.sdk().CreatePredictiveDialingCampaign(over)).rejects.toMatchObject({
    code: 'LimitExceeded.OutOfCountLimit',
  });
});
