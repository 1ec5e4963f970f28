import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../support/sdk.ts';
import {
  ACME_APP,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../../support/testServer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('DescribeNumbers', () => {
  it("lists the application's caller numbers with their state and outbound skill groups", async () => {
    const answer = await server.sdk().DescribeNumbers({ SdkAppId: ACME_APP });
    expect(answer.TotalCount).toBe(2);
    expect(answer.Numbers).toEqual([
      { Number: '0086075586013388', State: 1, CallOutSkillGroupIds: [255] },
      { Number: '0086075586013399', State: 2, CallOutSkillGroupIds: [] },
    ]);
  });

  it('leaves a deleted skill group out of a number’s outbound groups', async () => {
    const { db } = server.runtime.database;
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Short-lived team', SkillGroupType: 0 });
    await db
      .updateTable('numbers')
      .set({ call_out_skill_group_ids: JSON.stringify([255, SkillGroupId]) })
      .where('number', '=', '0086075586013399')
      .execute();
    const before = await server.sdk().DescribeNumbers({ SdkAppId: ACME_APP, PageNumber: 1, PageSize: 1 });
    expect(before.Numbers[0].CallOutSkillGroupIds).toEqual([255, SkillGroupId]);
    await server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId });
    const after = await server.sdk().DescribeNumbers({ SdkAppId: ACME_APP, PageNumber: 1, PageSize: 1 });
    expect(after.Numbers[0].CallOutSkillGroupIds).toEqual([255]);
    await db
      .updateTable('numbers')
      .set({ call_out_skill_group_ids: '[]' })
      .where('number', '=', '0086075586013399')
      .execute();
  });

  it('pages from 0 and reports the total whatever the page', async () => {
    const second = await server.sdk().DescribeNumbers({ SdkAppId: ACME_APP, PageNumber: 1, PageSize: 1 });
    expect(second.TotalCount).toBe(2);
    expect(second.Numbers.map((n: { Number: string }) => n.Number)).toEqual(['0086075586013399']);
    const beyond = await server.sdk().DescribeNumbers({ SdkAppId: ACME_APP, PageNumber: 5, PageSize: 1 });
    expect(beyond.Numbers).toEqual([]);
  });

  it('returns 20 numbers to a page when no PageSize is given', async () => {
    const { db } = server.runtime.database;
    await db
      .insertInto('numbers')
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          sdk_app_id: OTHER_APP,
          number: `+1415555${String(1000 + i)}`,
          state: 1,
          call_out_skill_group_ids: '[]',
          max_concurrent_calls: null,
          max_calls_per_second: null,
        })),
      )
      .execute();
    const page = await server.sdk({ key: OTHER_KEY }).DescribeNumbers({ SdkAppId: OTHER_APP });
    expect(page.TotalCount).toBe(26);
    expect(page.Numbers).toHaveLength(20);
  });

  it('works over the v1 signature with a GET, the SDK sending every value as a string', async () => {
    const answer = await server
      .sdk({ signMethod: 'HmacSHA256', reqMethod: 'GET' })
      .DescribeNumbers({ SdkAppId: ACME_APP, PageSize: 1, PageNumber: 0 });
    expect(answer.Numbers).toEqual([{ Number: '0086075586013388', State: 1, CallOutSkillGroupIds: [255] }]);
  });

  it('refuses a page size out of range', async () => {
    expect(await errorCodeOf(server.sdk().DescribeNumbers({ SdkAppId: ACME_APP, PageSize: 0 }))).toBe(
      'InvalidParameterValue',
    );
    expect(await errorCodeOf(server.sdk().DescribeNumbers({ SdkAppId: ACME_APP, PageSize: 101 }))).toBe(
      'InvalidParameterValue',
    );
    expect(await errorCodeOf(server.sdk().DescribeNumbers({ SdkAppId: ACME_APP, PageNumber: -1 }))).toBe(
      'InvalidParameterValue',
    );
  });

  it("does not show another tenant's application", async () => {
    expect(await errorCodeOf(server.sdk({ key: OTHER_KEY }).DescribeNumbers({ SdkAppId: ACME_APP }))).toBe(
      'InvalidParameterValue.InstanceNotExist',
    );
    expect(await errorCodeOf(server.sdk().DescribeNumbers({ SdkAppId: 1400000123 }))).toBe(
      'InvalidParameterValue.InstanceNotExist',
    );
  });
});
