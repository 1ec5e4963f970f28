import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_APP, startTestServer, type TestServer } from '../../support/testServer.ts';
import { acmeWithLimits, nowSeconds, rawCall, seedExample } from './campaignSupport.ts';

type SdkOptions = { signMethod?: 'HmacSHA256' | 'HmacSHA1'; reqMethod?: 'GET' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(acmeWithLimits({ maxLiveCampaigns: 1000 }));
});
afterAll(() => server.close());

async function describeCampaign(campaignId: number) {
  return rawCall(server, 'DescribePredictiveDialingCampaign', { SdkAppId: ACME_APP, CampaignId: campaignId });
}

async function calleeRows(campaignId: number) {
  return server.runtime.database.db
    .selectFrom('callees')
    .select(['seq', 'number', 'order_key', 'uui', 'variables', 'state'])
    .where('campaign_id', '=', campaignId)
    .orderBy('seq')
    .execute();
}

describe('CreatePredictiveDialingCampaign', () => {
  it("answers the seed's example (times moved into the future) with a CampaignId", async () => {
    const answer = await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds()));
    expect(answer.CampaignId).toEqual(expect.any(Number));
    expect(answer.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each<[string, SdkOptions]>([
    ['v1 HmacSHA256 form POST', { signMethod: 'HmacSHA256' }],
    ['v1 HmacSHA1 form POST', { signMethod: 'HmacSHA1' }],
    ['TC3 GET', { reqMethod: 'GET' }],
    ['v1 HmacSHA256 GET', { signMethod: 'HmacSHA256', reqMethod: 'GET' }],
  ])('creates through %s, nested lists flattened and numbers sent as strings', async (_, options) => {
    const nowS = nowSeconds();
    const request = seedExample(nowS, {
      Name: `flattened ${options.signMethod ?? 'TC3'} ${options.reqMethod ?? 'POST'}`,
      Variables: [{ Key: 'product', Value: 'SUV' }],
      UUI: 'campaign-uui',
      CalleeAttributes: [
        {
          Callee: '+8613012345679',
          UUI: 'vip',
          Variables: [
            { Key: 'name', Value: 'Li Lei' },
            { Key: 'tier', Value: '' },
          ],
        },
      ],
      TimeZone: 'Asia/Shanghai',
      AvailableTime: [
        { StartTime: '09:00:00', EndTime: '12:00:00' },
        { StartTime: '14:00:00', EndTime: '18:00:00' },
      ],
    });
    const { CampaignId } = await server.sdk(options).CreatePredictiveDialingCampaign(request);
    const described = await describeCampaign(CampaignId);
    expect(described).toMatchObject({
      CampaignId,
      Name: request.Name,
      Priority: 3,
      ExpectedAbandonRate: 10,
      StartTime: nowS + 3600,
      Variables: [{ Key: 'product', Value: 'SUV' }],
      UUI: 'campaign-uui',
      CalleeAttributes: [
        {
          Callee: '+8613012345679',
          UUI: 'vip',
          Variables: [
            { Key: 'name', Value: 'Li Lei' },
            { Key: 'tier', Value: '' },
          ],
        },
      ],
      TimeZone: 'Asia/Shanghai',
      AvailableTime: [
        { StartTime: '09:00:00', EndTime: '12:00:00' },
        { StartTime: '14:00:00', EndTime: '18:00:00' },
      ],
    });
  });

  it('keeps the callees in list order, normalised, each once', async () => {
    const { CampaignId } = await server.sdk().CreatePredictiveDialingCampaign(
      seedExample(nowSeconds(), {
        CallOrder: 1,
        Callees: [
          '+86 130-1234-5678',
          '(0755) 8601.3388',
          '+8613012345678',
          '13012345679',
          '  +86 (130) 1234 5678 ',
          '075586013388',
        ],
      }),
    );
    const rows = await calleeRows(CampaignId);
    expect(rows.map((r) => r.number)).toEqual(['+8613012345678', '075586013388', '13012345679']);
    expect(rows.map((r) => r.order_key)).toEqual([0, 1, 2]);
    expect(rows.every((r) => r.state === 'pending')).toBe(true);
    const listed = await server
      .sdk()
      .DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 1, PageNumber: 0, CampaignId });
    expect(listed.CampaignList[0]).toMatchObject({ CalleeCount: 3, FinishedCalleeCount: 0 });
  });

  it('ranks CallOrder 0 callees by a shuffle of their positions', async () => {
    const callees = Array.from({ length: 200 }, (_, i) => `+8613${String(i).padStart(9, '0')}`);
    const { CampaignId } = await server
      .sdk()
      .CreatePredictiveDialingCampaign(seedExample(nowSeconds(), { CallOrder: 0, Callees: callees }));
    const keys = (await calleeRows(CampaignId)).map((r) => r.order_key);
    expect([...keys].sort((a, b) => a - b)).toEqual(callees.map((_, i) => i));
    expect(keys).not.toEqual(callees.map((_, i) => i));
  });

  it('stores attributes on the callee they name, matched after normalisation', async () => {
    const { CampaignId } = await server.sdk().CreatePredictiveDialingCampaign(
      seedExample(nowSeconds(), {
        CalleeAttributes: [{ Callee: '+86 130 1234 5670', Variables: [{ Key: 'k', Value: 'v' }] }],
      }),
    );
    const rows = await calleeRows(CampaignId);
    expect(rows.find((r) => r.number === '+8613012345670')).toMatchObject({
      uui: '',
      variables: JSON.stringify([{ Key: 'k', Value: 'v' }]),
    });
    expect(rows.filter((r) => r.uui !== null)).toHaveLength(1);
  });
});

describe('DescribePredictiveDialingCampaign', () => {
  it('returns every field the SDK declares, as created', async () => {
    const nowS = nowSeconds();
    const { CampaignId } = await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowS));
    const described = await server
      .sdk()
      .DescribePredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId });
    expect({ ...described }).toEqual({
      CampaignId,
      Name: 'New energy SUV recommendation',
      CallOrder: 0,
      SkillGroupId: 255,
      IVRId: 4600,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryTimes: 1,
      RetryInterval: 1800,
      StartTime: nowS + 3600,
      EndTime: nowS + 7200,
      RequestId: expect.any(String),
    });
  });

  it('adds Status, StatusReason and the optional fields, with their defaults, and never the callees', async () => {
    const { RetryTimes: _, IVRId: __, ...withoutOptional } = seedExample(nowSeconds());
    const { CampaignId } = await server.sdk().CreatePredictiveDialingCampaign(withoutOptional);
    const described = await describeCampaign(CampaignId);
    expect(described).toMatchObject({
      RetryTimes: 0,
      Status: 0,
      StatusReason: 0,
      Variables: [],
      UUI: '',
      CalleeAttributes: [],
      AvailableTime: [],
      Callers: ['0086075586013388'],
      CalleeCount: 3,
      FinishedCalleeCount: 0,
    });
    expect(described).not.toHaveProperty('IVRId');
    expect(described).not.toHaveProperty('TimeZone');
    expect(described).not.toHaveProperty('Callees');
  });
});
