import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACME_APP,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../../support/testServer.ts';
import { nowSeconds, refusalOf, seedExample } from './campaignSupport.ts';

let server: TestServer;
let acmeCampaign: number;
const NEVER = 999_999;

beforeAll(async () => {
  server = await startTestServer();
  acmeCampaign = (await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds()))).CampaignId;
});
afterAll(() => server.close());

const other = () => server.sdk({ key: OTHER_KEY });

const byId: Array<[string, Record<string, unknown>]> = [
  ['DescribePredictiveDialingCampaign', {}],
  ['UpdatePredictiveDialingCampaign', { Name: 'Hijacked' }],
  ['PausePredictiveDialingCampaign', {}],
  ['ResumePredictiveDialingCampaign', {}],
  ['AbortPredictiveDialingCampaign', {}],
  ['DeletePredictiveDialingCampaign', {}],
  ['DescribePredictiveDialingSessions', { PageSize: 10, PageNumber: 0 }],
];

describe("another tenant cannot reach ACME's campaigns", () => {
  it.each(byId)(
    "%s of ACME's campaign under its own SdkAppId answers as for an unknown id",
    async (action, extra) => {
      const call = (id: number) =>
        other()[action as 'DescribePredictiveDialingCampaign']({
          SdkAppId: OTHER_APP,
          CampaignId: id,
          ...extra,
        });
      const theirs = await refusalOf(call(acmeCampaign));
      const unknown = await refusalOf(call(NEVER));
      expect(theirs.code).toBe('InvalidParameterValue');
      expect(theirs.code).toBe(unknown.code);
      expect(theirs.message.replace(String(acmeCampaign), 'N')).toBe(
        unknown.message.replace(String(NEVER), 'N'),
      );
    },
  );

  it.each(byId)("%s under ACME's SdkAppId is InstanceNotExist", async (action, extra) => {
    const refusal = await refusalOf(
      other()[action as 'DescribePredictiveDialingCampaign']({
        SdkAppId: ACME_APP,
        CampaignId: acmeCampaign,
        ...extra,
      }),
    );
    expect(refusal.code).toBe('InvalidParameterValue.InstanceNotExist');
  });

  it('does not list them', async () => {
    const answer = await other().DescribePredictiveDialingCampaigns({
      SdkAppId: OTHER_APP,
      PageSize: 100,
      PageNumber: 0,
    });
    expect(answer.TotalCount).toBe(0);
    const filtered = await other().DescribePredictiveDialingCampaigns({
      SdkAppId: OTHER_APP,
      PageSize: 100,
      PageNumber: 0,
      CampaignId: acmeCampaign,
    });
    expect(filtered.TotalCount).toBe(0);
    expect(
      await refusalOf(
        other().DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 1, PageNumber: 0 }),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue.InstanceNotExist' });
  });

  it('left the campaign untouched', async () => {
    const mine = await server
      .sdk()
      .DescribePredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId: acmeCampaign });
    expect(mine.Name).toBe('New energy SUV recommendation');
  });

  it('creates its own campaigns with its own numbers, skill group and IVR only', async () => {
    const request = seedExample(nowSeconds(), {
      SdkAppId: OTHER_APP,
      Callers: ['+14155550123'],
      SkillGroupId: 900,
      IVRId: 7000,
    });
    const { CampaignId } = await other().CreatePredictiveDialingCampaign(request);
    expect(CampaignId).not.toBe(acmeCampaign);
    const refusal = await refusalOf(
      server.sdk().DescribePredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId }),
    );
    expect(refusal.code).toBe('InvalidParameterValue');
  });
});
