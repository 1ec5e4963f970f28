import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_APP, startTestServer, type TestServer } from '../../support/testServer.ts';
import { acmeWithLimits, forceStatus, nowSeconds, refusalOf, seedExample } from './campaignSupport.ts';

let server: TestServer;
const ids: Record<string, number> = {};
const names = ['Spring sale', 'Summer SALE', 'Autumn renewals', '100% discount', 'Winter_sale', 'Loyalty'];

beforeAll(async () => {
  server = await startTestServer(acmeWithLimits({ maxLiveCampaigns: 1000 }));
  await server.runtime.database.db
    .insertInto('skill_groups')
    .values({
      skill_group_id: 257,
      sdk_app_id: ACME_APP,
      name: 'Retention',
      type: 0,
      max_concurrency: 1,
      modified_at: 0,
      deleted: 0,
    })
    .execute();
  for (const name of names) {
    const { CampaignId } = await server
      .sdk()
      .CreatePredictiveDialingCampaign(
        seedExample(nowSeconds(), { Name: name, SkillGroupId: name === 'Loyalty' ? 257 : 255 }),
      );
    ids[name] = CampaignId;
  }
});
afterAll(() => server.close());

const list = (query: Record<string, unknown>) =>
  server
    .sdk()
    .DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 100, PageNumber: 0, ...query });

const namesOf = (answer: Record<string, unknown>) =>
  (answer['CampaignList'] as Array<{ Name: string }>).map((c) => c.Name);

describe('DescribePredictiveDialingCampaigns', () => {
  it('lists the newest first, with TotalCount and every field of the SDK element', async () => {
    const answer = await list({});
    expect(answer.TotalCount).toBe(names.length);
    expect(namesOf(answer)).toEqual([...names].reverse());
    expect({ ...answer.CampaignList[0] }).toEqual({
      CampaignId: ids['Loyalty'],
      Name: 'Loyalty',
      Status: 0,
      StatusReason: 0,
      CalleeCount: 3,
      FinishedCalleeCount: 0,
      Priority: 3,
      SkillGroupId: 257,
    });
  });

  it('pages from PageNumber 0', async () => {
    const pages = [];
    for (let page = 0; page < 3; page++) pages.push(namesOf(await list({ PageSize: 4, PageNumber: page })));
    expect(pages).toEqual([[...names].reverse().slice(0, 4), [...names].reverse().slice(4), []]);
    expect((await list({ PageSize: 4, PageNumber: 9 })).TotalCount).toBe(names.length);
  });

  it('filters by a Name keyword anywhere in the name, ignoring case', async () => {
    expect(namesOf(await list({ Name: 'sale' }))).toEqual(['Winter_sale', 'Summer SALE', 'Spring sale']);
    expect((await list({ Name: 'sale' })).TotalCount).toBe(3);
    expect(namesOf(await list({ Name: 'enew' }))).toEqual(['Autumn renewals']);
  });

  it('takes % and _ in the keyword literally', async () => {
    expect(namesOf(await list({ Name: '%' }))).toEqual(['100% discount']);
    expect(namesOf(await list({ Name: '_' }))).toEqual(['Winter_sale']);
  });

  it('filters by SkillGroupId and CampaignId, alone or together', async () => {
    expect(namesOf(await list({ SkillGroupId: 257 }))).toEqual(['Loyalty']);
    expect(namesOf(await list({ CampaignId: ids['Spring sale'] }))).toEqual(['Spring sale']);
    expect((await list({ CampaignId: ids['Spring sale'], SkillGroupId: 257 })).TotalCount).toBe(0);
    expect(namesOf(await list({ Name: 'sale', SkillGroupId: 255, PageSize: 1 }))).toEqual(['Winter_sale']);
  });

  it('reports the status and the counters of each campaign', async () => {
    const id = ids['Autumn renewals']!;
    await forceStatus(server, id, 1);
    await server.runtime.database.db
      .updateTable('campaigns')
      .set({ finished_callee_count: 2 })
      .where('campaign_id', '=', id)
      .execute();
    await server.sdk().AbortPredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId: id });
    expect((await list({ CampaignId: id })).CampaignList[0]).toMatchObject({
      Status: 3,
      StatusReason: 1,
      CalleeCount: 3,
      FinishedCalleeCount: 2,
    });
  });

  it('works over v1 GET, its numbers sent as text', async () => {
    const answer = await server
      .sdk({ signMethod: 'HmacSHA256', reqMethod: 'GET' })
      .DescribePredictiveDialingCampaigns({
        SdkAppId: ACME_APP,
        PageSize: 2,
        PageNumber: 0,
        Name: 'sale',
      });
    expect(answer.TotalCount).toBe(3);
    expect(namesOf(answer)).toEqual(['Winter_sale', 'Summer SALE']);
  });

  it.each([
    ['PageSize 101', { PageSize: 101 }, 'InvalidParameterValue', 'PageSize'],
    ['PageSize 0', { PageSize: 0 }, 'InvalidParameterValue', 'PageSize'],
    ['PageNumber -1', { PageNumber: -1 }, 'InvalidParameterValue', 'PageNumber'],
    ['no PageSize', { PageSize: undefined }, 'MissingParameter', 'PageSize'],
    ['a text SkillGroupId', { SkillGroupId: 'sales' }, 'InvalidParameter', 'SkillGroupId'],
  ])('refuses %s', async (_, query, code, field) => {
    const request: Record<string, unknown> = { SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0, ...query };
    for (const [name, value] of Object.entries(request)) if (value === undefined) delete request[name];
    const refusal = await refusalOf(server.sdk().DescribePredictiveDialingCampaigns(request));
    expect(refusal.code).toBe(code);
    expect(refusal.message).toContain(`\`${field}\``);
  });
});
