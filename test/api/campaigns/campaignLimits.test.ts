import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACME_APP,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../../support/testServer.ts';
import { forceStatus, nowSeconds, refusalOf, seedExample } from './campaignSupport.ts';

// ACME allows 5 live campaigns and 1000 callees a campaign; OTHER has the defaults (100, 1,000,000).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const create = (changes: Record<string, unknown> = {}) =>
  server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds(), changes));
const numbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `+86135${String(i).padStart(8, '0')}`);

describe('callees per campaign', () => {
  it('takes exactly the limit, counting distinct numbers', async () => {
    const list = [...numbers(1000), ...numbers(10), '+86 135 0000 0000'];
    const { CampaignId } = await create({ Callees: list });
    const listed = await server
      .sdk()
      .DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 1, PageNumber: 0, CampaignId });
    expect(listed.CampaignList[0].CalleeCount).toBe(1000);
    await server.sdk().DeletePredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId });
  });

  it('refuses one more with LimitExceeded.OutOfCountLimit naming Callees and the limit', async () => {
    const refusal = await refusalOf(create({ Callees: numbers(1001) }));
    expect(refusal.code).toBe('LimitExceeded.OutOfCountLimit');
    expect(refusal.message).toContain('`Callees`');
    expect(refusal.message).toContain('1000');
  });
});

describe('live campaigns per application', () => {
  it('counts ready, running and paused ones, not ended or deleted ones', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create()).CampaignId);
    await forceStatus(server, ids[1]!, 1);
    await forceStatus(server, ids[2]!, 2);
    const full = await refusalOf(create());
    expect(full.code).toBe('LimitExceeded.OutOfCountLimit');
    expect(full.message).toContain('the limit is 5');

    await server.sdk().AbortPredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId: ids[0]! });
    ids.push((await create()).CampaignId);
    expect(await refusalOf(create())).toMatchObject({ code: 'LimitExceeded.OutOfCountLimit' });

    await server.sdk().DeletePredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId: ids[3]! });
    ids.push((await create()).CampaignId);

    await forceStatus(server, ids[4]!, 4);
    ids.push((await create()).CampaignId);
    expect(await refusalOf(create())).toMatchObject({ code: 'LimitExceeded.OutOfCountLimit' });
  });

  it('lets only as many simultaneous creates through as there is room for', async () => {
    const ended = await server
      .sdk()
      .DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 100, PageNumber: 0 });
    for (const campaign of ended.CampaignList.filter(
      (c: { Status: number }) => c.Status !== 3 && c.Status !== 4,
    )) {
      await forceStatus(server, campaign.CampaignId, 3);
    }
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => create()));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
  });

  it("keeps each application's count to itself", async () => {
    const request = seedExample(nowSeconds(), {
      SdkAppId: OTHER_APP,
      Callers: ['+14155550123'],
      SkillGroupId: 900,
      IVRId: 7000,
    });
    await expect(
      server.sdk({ key: OTHER_KEY }).CreatePredictiveDialingCampaign(request),
    ).resolves.toHaveProperty('CampaignId');
  });
});
