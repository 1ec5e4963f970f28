import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_APP, startTestServer, type TestServer } from '../../support/testServer.ts';
import { nowSeconds, refusalOf, seedExample } from './campaignSupport.ts';

let server: TestServer;
let campaignId: number;
let otherCampaignId: number;

/** What the engine writes as it places calls: one row per attempt. */
async function placeCalls(campaign: number, count: number, startTs: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    session_id: `00000000-0000-4000-8000-${String(campaign).padStart(4, '0')}${String(i).padStart(8, '0')}`,
    sdk_app_id: ACME_APP,
    campaign_id: campaign,
    callee_seq: i % 3,
    attempt: Math.floor(i / 3) + 1,
    caller: '0086075586013388',
    callee: '+8613012345678',
    session_status: 'finished',
    start_ts: startTs + i * 1000,
    skill_group_id: 255,
    skill_group_name: 'Outbound sales',
    direction: 1,
    call_type: 5,
    uui: '',
    variables: '[]',
  }));
  await server.runtime.database.db.insertInto('sessions').values(rows).execute();
  return rows.map((r) => r.session_id);
}

beforeAll(async () => {
  server = await startTestServer();
  campaignId = (await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds()))).CampaignId;
  otherCampaignId = (await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds())))
    .CampaignId;
});
afterAll(() => server.close());

const sessions = (query: Record<string, unknown>) =>
  server.sdk().DescribePredictiveDialingSessions({ SdkAppId: ACME_APP, CampaignId: campaignId, ...query });

describe('DescribePredictiveDialingSessions', () => {
  it('answers an empty list before any call is placed', async () => {
    const answer = await sessions({ PageSize: 10, PageNumber: 0 });
    expect(answer.TotalCount).toBe(0);
    expect(answer.SessionList).toEqual([]);
  });

  it("lists the campaign's sessions in the order they were placed, paged", async () => {
    const placed = await placeCalls(campaignId, 5, Date.now());
    await placeCalls(otherCampaignId, 2, Date.now());
    const first = await sessions({ PageSize: 2, PageNumber: 0 });
    const second = await sessions({ PageSize: 2, PageNumber: 1 });
    const third = await sessions({ PageSize: 2, PageNumber: 2 });
    expect(first.TotalCount).toBe(5);
    expect([...first.SessionList, ...second.SessionList, ...third.SessionList]).toEqual(placed);
    expect((await sessions({ PageSize: 1000, PageNumber: 0 })).SessionList).toEqual(placed);
    expect((await sessions({ PageSize: 2, PageNumber: 3 })).SessionList).toEqual([]);
  });

  it.each([
    ['PageSize 1001', { PageSize: 1001, PageNumber: 0 }, 'InvalidParameterValue', 'PageSize'],
    ['no PageNumber', { PageSize: 10 }, 'MissingParameter', 'PageNumber'],
    [
      'an unknown campaign',
      { PageSize: 10, PageNumber: 0, CampaignId: 424242 },
      'InvalidParameterValue',
      'CampaignId',
    ],
  ])('refuses %s', async (_, query, code, field) => {
    const refusal = await refusalOf(sessions(query));
    expect(refusal.code).toBe(code);
    expect(refusal.message).toContain(`\`${field}\``);
  });
});
