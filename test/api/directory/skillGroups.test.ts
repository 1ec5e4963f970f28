import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../support/sdk.ts';
import {
  ACME_APP,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../../support/testServer.ts';
import { insertCampaign } from './campaignRows.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const list = (request: Record<string, unknown> = {}) =>
  server.sdk().DescribeSkillGroupInfoList({ SdkAppId: ACME_APP, PageSize: 100, PageNumber: 0, ...request });

describe('CreateCCCSkillGroup', () => {
  it('creates one group of a name asked for by several requests at once, and refuses the others', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        server.sdk().CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Raced', SkillGroupType: 0 }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refusals = await Promise.all(
      outcomes.filter((o) => o.status === 'rejected').map((o) => errorCodeOf(Promise.reject(o.reason))),
    );
    expect(refusals).toEqual(Array(5).fill('InvalidParameterValue.SkillGroupExist'));
    expect((await list({ SkillGroupName: 'Raced' })).TotalCount).toBe(1);
  });

  it('creates a group that DescribeSkillGroupInfoList then shows', async () => {
    const { SkillGroupId } = await server.sdk().CreateCCCSkillGroup({
      SdkAppId: ACME_APP,
      SkillGroupName: 'Renewals',
      SkillGroupType: 0,
      MaxConcurrency: 1,
    });
    expect(SkillGroupId).toBeGreaterThan(0);
    const answer = await list({ SkillGroupId });
    expect(answer.TotalCount).toBe(1);
    expect(answer.SkillGroupList[0]).toMatchObject({
      SkillGroupId,
      SkillGroupName: 'Renewals',
      SkillGroupType: 0,
      Type: 'tel',
      MaxConcurrency: 1,
    });
    expect(answer.SkillGroupList[0].LastModifyTimestamp).toBeGreaterThan(1_600_000_000);
  });

  it('defaults MaxConcurrency to 1 and keeps the type asked for', async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Video desk', SkillGroupType: 4 });
    const [group] = (await list({ SkillGroupId })).SkillGroupList;
    expect(group).toMatchObject({ MaxConcurrency: 1, SkillGroupType: 4, Type: 'all' });
  });

  it('refuses a name the application already uses', async () => {
    expect(
      await errorCodeOf(
        server
          .sdk()
          .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Outbound sales', SkillGroupType: 0 }),
      ),
    ).toBe('InvalidParameterValue.SkillGroupExist');
  });

  it('lets another tenant use the same name', async () => {
    const { SkillGroupId } = await server
      .sdk({ key: OTHER_KEY })
      .CreateCCCSkillGroup({ SdkAppId: OTHER_APP, SkillGroupName: 'Outbound sales', SkillGroupType: 0 });
    expect(SkillGroupId).toBeGreaterThan(0);
  });

  it('refuses a type outside 0, 1, 3, 4 and a missing type', async () => {
    expect(
      await errorCodeOf(
        server.sdk().CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'X', SkillGroupType: 2 }),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(server.sdk().CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'X' })),
    ).toBe('MissingParameter');
    expect(
      await errorCodeOf(
        server.sdk().CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: '', SkillGroupType: 0 }),
      ),
    ).toBe('InvalidParameterValue');
  });

  it('refuses a type of the wrong JSON type with InvalidParameter, not InvalidParameterValue', async () => {
    for (const SkillGroupType of ['1', 1.5, true, [1]]) {
      expect(
        await errorCodeOf(
          server.sdk().CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'X', SkillGroupType }),
        ),
        JSON.stringify(SkillGroupType),
      ).toBe('InvalidParameter');
    }
  });

  it('accepts the v1 signature, the type arriving as a string', async () => {
    const { SkillGroupId } = await server
      .sdk({ signMethod: 'HmacSHA1' })
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Online chat', SkillGroupType: 1 });
    const [group] = (await list({ SkillGroupId })).SkillGroupList;
    expect(group).toMatchObject({ SkillGroupType: 1, Type: 'im' });
  });
});

describe('DescribeSkillGroupInfoList', () => {
  it('filters by exact name and by modification time', async () => {
    const byName = await list({ SkillGroupName: 'Outbound sales' });
    expect(byName.SkillGroupList.map((g: { SkillGroupId: number }) => g.SkillGroupId)).toEqual([255]);
    const future = await list({ ModifiedTime: 4_000_000_000 });
    expect(future).toMatchObject({ TotalCount: 0, SkillGroupList: [] });
  });

  it('pages by id and counts every match', async () => {
    const all = await list();
    const second = await list({ PageSize: 1, PageNumber: 1 });
    expect(second.TotalCount).toBe(all.TotalCount);
    expect(second.SkillGroupList).toEqual([all.SkillGroupList[1]]);
  });

  it('requires the paging fields and caps the page at 100', async () => {
    expect(
      await errorCodeOf(server.sdk().DescribeSkillGroupInfoList({ SdkAppId: ACME_APP, PageNumber: 0 })),
    ).toBe('MissingParameter');
    expect(await errorCodeOf(list({ PageSize: 101 }))).toBe('InvalidParameterValue');
  });

  it("shows only the application's own groups", async () => {
    const acme = await list();
    expect(acme.SkillGroupList.map((g: { SkillGroupId: number }) => g.SkillGroupId)).not.toContain(900);
    expect(
      await errorCodeOf(
        server
          .sdk({ key: OTHER_KEY })
          .DescribeSkillGroupInfoList({ SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0 }),
      ),
    ).toBe('InvalidParameterValue.InstanceNotExist');
  });
});

describe('UpdateCCCSkillGroup', () => {
  it('renames a group and changes its concurrency (SkillGroupID, capital D)', async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Collections', SkillGroupType: 0 });
    await server.sdk().UpdateCCCSkillGroup({
      SdkAppId: ACME_APP,
      SkillGroupID: SkillGroupId,
      SkillGroupName: 'Debt',
      MaxConcurrency: 2,
    });
    const [group] = (await list({ SkillGroupId })).SkillGroupList;
    expect(group).toMatchObject({ SkillGroupName: 'Debt', MaxConcurrency: 2 });
  });

  it("refuses a taken name, an unknown group and another tenant's group", async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Retention', SkillGroupType: 0 });
    expect(
      await errorCodeOf(
        server.sdk().UpdateCCCSkillGroup({
          SdkAppId: ACME_APP,
          SkillGroupID: SkillGroupId,
          SkillGroupName: 'Outbound sales',
        }),
      ),
    ).toBe('InvalidParameterValue.SkillGroupExist');
    expect(
      await errorCodeOf(
        server.sdk().UpdateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupID: 999_999, MaxConcurrency: 1 }),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(
        server.sdk().UpdateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupID: 900, MaxConcurrency: 1 }),
      ),
    ).toBe('InvalidParameterValue');
  });

  it('keeps its own name when renamed to itself', async () => {
    await server
      .sdk()
      .UpdateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupID: 255, SkillGroupName: 'Outbound sales' });
    expect((await list({ SkillGroupId: 255 })).SkillGroupList[0].SkillGroupName).toBe('Outbound sales');
  });

  it('refuses the lower-case SkillGroupId spelling as an unknown parameter', async () => {
    expect(
      await errorCodeOf(
        server.sdk().UpdateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId: 255, MaxConcurrency: 1 }),
      ),
    ).toBe('UnknownParameter');
  });
});

describe('DeleteCCCSkillGroup', () => {
  it('refuses while a live campaign uses the group, and deletes it once the campaign has ended', async () => {
    const { db } = server.runtime.database;
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Campaign team', SkillGroupType: 0 });
    const campaignId = await insertCampaign(db, {
      sdkAppId: ACME_APP,
      skillGroupId: SkillGroupId,
      status: 2,
    });
    expect(await errorCodeOf(server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId }))).toBe(
      'ResourceUnavailable',
    );
    await db
      .updateTable('campaigns')
      .set({ status: 3, status_reason: 1 })
      .where('campaign_id', '=', campaignId)
      .execute();
    await server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId });
    expect((await list({ SkillGroupId })).TotalCount).toBe(0);
  });

  it('ignores deleted campaigns', async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Old team', SkillGroupType: 0 });
    await insertCampaign(server.runtime.database.db, {
      sdkAppId: ACME_APP,
      skillGroupId: SkillGroupId,
      status: 0,
      deleted: 1,
    });
    await server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId });
  });

  it('takes its agents out of it and frees its name', async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Temporary', SkillGroupType: 0 });
    const mail = 'agent1@1400000000.sim';
    await server
      .sdk()
      .BindStaffSkillGroupList({ SdkAppId: ACME_APP, StaffEmail: mail, SkillGroupList: [SkillGroupId] });
    await server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId });
    const staff = await server
      .sdk()
      .DescribeStaffInfoList({ SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0, StaffMail: mail });
    expect(staff.StaffList[0].SkillGroupList.map((g: { SkillGroupId: number }) => g.SkillGroupId)).toEqual([
      255,
    ]);
    const again = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Temporary', SkillGroupType: 0 });
    expect(again.SkillGroupId).not.toBe(SkillGroupId);
  });

  it("refuses an unknown group, a deleted one and another tenant's", async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Twice', SkillGroupType: 0 });
    await server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId });
    expect(await errorCodeOf(server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId }))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await errorCodeOf(server.sdk().DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId: 900 })),
    ).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(
        server.sdk({ key: OTHER_KEY }).DeleteCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupId: 255 }),
      ),
    ).toBe('InvalidParameterValue.InstanceNotExist');
  });
});
