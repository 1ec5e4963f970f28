import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/domain/password.ts';
import { setStaffStatus } from '../../../src/store/directory/staffStatusStore.ts';
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

const seat = (mail: string, extra: Record<string, unknown> = {}) => ({
  Name: `Name of ${mail}`,
  Mail: mail,
  StaffNumber: '2001',
  ...extra,
});

async function staffInfo(mail: string) {
  const answer = await server
    .sdk()
    .DescribeStaffInfoList({ SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0, StaffMail: mail });
  return answer.StaffList[0];
}

const groupIds = (info: { SkillGroupList: { SkillGroupId: number }[] }) =>
  info.SkillGroupList.map((g) => g.SkillGroupId);

describe('CreateStaff', () => {
  it('creates an agent that several requests at once ask for, and tells the others it exists', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        server
          .sdk()
          .CreateStaff({ SdkAppId: ACME_APP, Staffs: [seat('raced@acme.test')], SendPassword: false }),
      ),
    );
    const refusals = answers.flatMap((a) => a.ErrorStaffList.map((e: { Code: string }) => e.Code));
    expect(refusals).toEqual(Array(4).fill('FailedOperation.DuplicatedAccount'));
    expect(await staffInfo('raced@acme.test')).toMatchObject({ Mail: 'raced@acme.test' });
  });

  it('creates agents that DescribeStaffInfoList then shows, with their skill groups', async () => {
    const answer = await server.sdk().CreateStaff({
      SdkAppId: ACME_APP,
      Staffs: [
        seat('ann@acme.test', {
          Phone: '008613800000001',
          Nick: 'Annie',
          SkillGroupNameList: ['Outbound sales'],
        }),
        seat('bob@acme.test', { StaffNumber: '2002' }),
      ],
      SendPassword: false,
    });
    expect(answer.ErrorStaffList).toEqual([]);
    const ann = await staffInfo('ann@acme.test');
    expect(ann).toMatchObject({
      Name: 'Name of ann@acme.test',
      Mail: 'ann@acme.test',
      Phone: '008613800000001',
      Nick: 'Annie',
      StaffNumber: '2001',
      SkillGroupList: [{ SkillGroupId: 255, SkillGroupName: 'Outbound sales', Priority: 3, Type: 'tel' }],
    });
    expect(ann.LastModifyTimestamp).toBeGreaterThan(1_600_000_000);
    const bob = await staffInfo('bob@acme.test');
    expect(bob).toMatchObject({ Nick: 'Name of bob@acme.test', Phone: '', SkillGroupList: [] });
  });

  it('creates the acceptable agents and lists each refused one with its code', async () => {
    const answer = await server.sdk().CreateStaff({
      SdkAppId: ACME_APP,
      Staffs: [
        seat('agent1@1400000000.sim'),
        seat('carol@acme.test'),
        seat('carol@acme.test'),
        seat('not-a-mail'),
        seat('dave@acme.test', { SkillGroupNameList: ['No such group'] }),
        seat('erin@acme.test', { SkillGroupId: 900 }),
      ],
    });
    expect(
      answer.ErrorStaffList.map((e: { StaffEmail: string; Code: string }) => [e.StaffEmail, e.Code]),
    ).toEqual([
      ['agent1@1400000000.sim', 'FailedOperation.DuplicatedAccount'],
      ['carol@acme.test', 'FailedOperation.DuplicatedAccount'],
      ['not-a-mail', 'InvalidParameterValue'],
      ['dave@acme.test', 'InvalidParameterValue'],
      ['erin@acme.test', 'InvalidParameterValue'],
    ]);
    expect(answer.ErrorStaffList[3].Message).toContain('Staffs.4.SkillGroupNameList.0');
    expect(await staffInfo('carol@acme.test')).toBeDefined();
    expect(await staffInfo('dave@acme.test')).toBeUndefined();
  });

  it('lets a later item correct a refused one with the same mail', async () => {
    const answer = await server.sdk().CreateStaff({
      SdkAppId: ACME_APP,
      Staffs: [
        seat('hal@acme.test', { SkillGroupNameList: ['No such group'] }),
        seat('hal@acme.test', { SkillGroupNameList: ['Outbound sales'] }),
      ],
    });
    expect(
      answer.ErrorStaffList.map((e: { StaffEmail: string; Code: string }) => [e.StaffEmail, e.Code]),
    ).toEqual([['hal@acme.test', 'InvalidParameterValue']]);
    expect(groupIds(await staffInfo('hal@acme.test'))).toEqual([255]);
  });

  it('binds by SkillGroupId too, our addition to SeatUserInfo', async () => {
    await server
      .sdk()
      .CreateStaff({ SdkAppId: ACME_APP, Staffs: [seat('fay@acme.test', { SkillGroupId: 255 })] });
    expect(groupIds(await staffInfo('fay@acme.test'))).toEqual([255]);
  });

  it('refuses more than 10 agents, an empty list, and an agent without its required fields', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => seat(`x${i}@acme.test`));
    expect(await errorCodeOf(server.sdk().CreateStaff({ SdkAppId: ACME_APP, Staffs: eleven }))).toBe(
      'InvalidParameterValue',
    );
    expect(await errorCodeOf(server.sdk().CreateStaff({ SdkAppId: ACME_APP, Staffs: [] }))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await errorCodeOf(
        server
          .sdk()
          .CreateStaff({ SdkAppId: ACME_APP, Staffs: [{ Name: 'No number', Mail: 'n@acme.test' }] }),
      ),
    ).toBe('MissingParameter');
    expect(
      await errorCodeOf(
        server.sdk().CreateStaff({ SdkAppId: ACME_APP, Staffs: [seat('y@acme.test', { Age: 3 })] }),
      ),
    ).toBe('UnknownParameter');
  });

  it('creates over the v1 signature, the list flattened by the SDK', async () => {
    const answer = await server.sdk({ signMethod: 'HmacSHA256' }).CreateStaff({
      SdkAppId: ACME_APP,
      Staffs: [seat('gus@acme.test', { SkillGroupNameList: ['Outbound sales'] })],
    });
    expect(answer.ErrorStaffList).toEqual([]);
    expect(groupIds(await staffInfo('gus@acme.test'))).toEqual([255]);
  });
});

describe('DescribeStaffInfoList', () => {
  it('lists agents by mail, pages from 0 and counts every match', async () => {
    const all = await server
      .sdk()
      .DescribeStaffInfoList({ SdkAppId: ACME_APP, PageSize: 9999, PageNumber: 0 });
    const mails = all.StaffList.map((s: { Mail: string }) => s.Mail);
    expect(mails).toEqual([...mails].sort());
    expect(mails).toContain('agent1@1400000000.sim');
    const second = await server
      .sdk()
      .DescribeStaffInfoList({ SdkAppId: ACME_APP, PageSize: 2, PageNumber: 1 });
    expect(second.TotalCount).toBe(all.TotalCount);
    expect(second.StaffList.map((s: { Mail: string }) => s.Mail)).toEqual(mails.slice(2, 4));
  });

  it('filters by skill group and by modification time', async () => {
    const inGroup = await server
      .sdk()
      .DescribeStaffInfoList({ SdkAppId: ACME_APP, PageSize: 100, PageNumber: 0, SkillGroupId: 255 });
    const mails = inGroup.StaffList.map((s: { Mail: string }) => s.Mail);
    expect(mails).toEqual(expect.arrayContaining(['agent1@1400000000.sim', 'ann@acme.test']));
    expect(mails).not.toContain('bob@acme.test');
    const future = await server.sdk().DescribeStaffInfoList({
      SdkAppId: ACME_APP,
      PageSize: 100,
      PageNumber: 0,
      ModifiedTime: 4_000_000_000,
    });
    expect(future.TotalCount).toBe(0);
  });

  it('caps the page at 9999 and keeps tenants apart', async () => {
    expect(
      await errorCodeOf(
        server.sdk().DescribeStaffInfoList({ SdkAppId: ACME_APP, PageSize: 10000, PageNumber: 0 }),
      ),
    ).toBe('InvalidParameterValue');
    const other = await server
      .sdk({ key: OTHER_KEY })
      .DescribeStaffInfoList({ SdkAppId: OTHER_APP, PageSize: 100, PageNumber: 0 });
    expect(other).toMatchObject({ TotalCount: 0, StaffList: [] });
  });
});

describe('ModifyStaff', () => {
  it("changes the agent's details and makes SkillGroupIds its whole list of groups", async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Second line', SkillGroupType: 0 });
    await server.sdk().ModifyStaff({
      SdkAppId: ACME_APP,
      Email: 'bob@acme.test',
      Name: 'Robert',
      Phone: '008613800000002',
      Nick: 'Bobby',
      StaffNo: '3002',
      SkillGroupIds: [SkillGroupId, 255],
      UseMobileCallOut: false,
    });
    const bob = await staffInfo('bob@acme.test');
    expect(bob).toMatchObject({
      Name: 'Robert',
      Phone: '008613800000002',
      Nick: 'Bobby',
      StaffNumber: '3002',
    });
    // Listed by id; under PostgreSQL a new group's id may be below the configured 255.
    expect(groupIds(bob)).toEqual([255, SkillGroupId].sort((a, b) => a - b));
    await server.sdk().ModifyStaff({ SdkAppId: ACME_APP, Email: 'bob@acme.test', SkillGroupIds: [] });
    expect(groupIds(await staffInfo('bob@acme.test'))).toEqual([]);
  });

  it('refuses an unknown agent and an unknown skill group', async () => {
    expect(
      await errorCodeOf(
        server.sdk().ModifyStaff({ SdkAppId: ACME_APP, Email: 'nobody@acme.test', Name: 'X' }),
      ),
    ).toBe('InvalidParameterValue.AccountNotExist');
    expect(
      await errorCodeOf(
        server.sdk().ModifyStaff({ SdkAppId: ACME_APP, Email: 'bob@acme.test', SkillGroupIds: [255, 900] }),
      ),
    ).toBe('InvalidParameterValue');
  });
});

describe('BindStaffSkillGroupList and UnbindStaffSkillGroupList', () => {
  it('binds at the priority given, 3 by default, and unbinds', async () => {
    const { SkillGroupId } = await server
      .sdk()
      .CreateCCCSkillGroup({ SdkAppId: ACME_APP, SkillGroupName: 'Bind test', SkillGroupType: 0 });
    await server.sdk().BindStaffSkillGroupList({
      SdkAppId: ACME_APP,
      StaffEmail: 'carol@acme.test',
      StaffSkillGroupList: [{ SkillGroupId: 255, Priority: 1 }, { SkillGroupId }],
    });
    const carol = await staffInfo('carol@acme.test');
    expect(
      carol.SkillGroupList.map((g: { SkillGroupId: number; Priority: number }) => [
        g.SkillGroupId,
        g.Priority,
      ]),
    ).toEqual(
      [
        [255, 1],
        [SkillGroupId, 3],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    await server.sdk().UnbindStaffSkillGroupList({
      SdkAppId: ACME_APP,
      StaffEmail: 'carol@acme.test',
      SkillGroupList: [255],
    });
    expect(groupIds(await staffInfo('carol@acme.test'))).toEqual([SkillGroupId]);
  });

  it('accepts the older SkillGroupList of bare ids, and a new priority for a group already bound', async () => {
    await server
      .sdk()
      .BindStaffSkillGroupList({ SdkAppId: ACME_APP, StaffEmail: 'carol@acme.test', SkillGroupList: [255] });
    await server.sdk().BindStaffSkillGroupList({
      SdkAppId: ACME_APP,
      StaffEmail: 'carol@acme.test',
      StaffSkillGroupList: [{ SkillGroupId: 255, Priority: 5 }],
    });
    const carol = await staffInfo('carol@acme.test');
    expect(carol.SkillGroupList.find((g: { SkillGroupId: number }) => g.SkillGroupId === 255).Priority).toBe(
      5,
    );
  });

  it('refuses a priority outside 1–5, no list at all, unknown groups and unknown agents', async () => {
    const bind = (request: Record<string, unknown>) =>
      errorCodeOf(
        server
          .sdk()
          .BindStaffSkillGroupList({ SdkAppId: ACME_APP, StaffEmail: 'carol@acme.test', ...request }),
      );
    expect(await bind({ StaffSkillGroupList: [{ SkillGroupId: 255, Priority: 6 }] })).toBe(
      'InvalidParameterValue',
    );
    expect(await bind({})).toBe('MissingParameter');
    expect(await bind({ SkillGroupList: [900] })).toBe('InvalidParameterValue');
    expect(await bind({ StaffEmail: 'nobody@acme.test', SkillGroupList: [255] })).toBe(
      'InvalidParameterValue.AccountNotExist',
    );
    expect(
      await errorCodeOf(
        server.sdk().UnbindStaffSkillGroupList({
          SdkAppId: ACME_APP,
          StaffEmail: 'nobody@acme.test',
          SkillGroupList: [255],
        }),
      ),
    ).toBe('InvalidParameterValue.AccountNotExist');
    expect(
      await errorCodeOf(
        server.sdk().UnbindStaffSkillGroupList({
          SdkAppId: ACME_APP,
          StaffEmail: 'carol@acme.test',
          SkillGroupList: [],
        }),
      ),
    ).toBe('InvalidParameterValue');
  });
});

describe('ModifyStaffPassword', () => {
  it('stores a hash the agent desk can check the password against', async () => {
    await server
      .sdk()
      .ModifyStaffPassword({ SdkAppId: ACME_APP, Email: 'ann@acme.test', Password: 'correct horse' });
    const row = await server.runtime.database.db
      .selectFrom('staff')
      .select('password_hash')
      .where('sdk_app_id', '=', ACME_APP)
      .where('mail', '=', 'ann@acme.test')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', row.password_hash!)).toBe(true);
    expect(await verifyPassword('wrong horse', row.password_hash!)).toBe(false);
  });

  it('refuses a short password and an unknown agent', async () => {
    expect(
      await errorCodeOf(
        server.sdk().ModifyStaffPassword({ SdkAppId: ACME_APP, Email: 'ann@acme.test', Password: 'short' }),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(
        server
          .sdk()
          .ModifyStaffPassword({ SdkAppId: ACME_APP, Email: 'nobody@acme.test', Password: 'long enough' }),
      ),
    ).toBe('InvalidParameterValue.AccountNotExist');
  });
});

describe('DeleteStaff', () => {
  it('deletes offline agents and lists the online ones it kept', async () => {
    await setStaffStatus(server.runtime.database.db, {
      sdkAppId: ACME_APP,
      mail: 'gus@acme.test',
      status: 'busy',
      reason: '',
      at: Date.now(),
    });
    const answer = await server.sdk().DeleteStaff({
      SdkAppId: ACME_APP,
      StaffList: ['fay@acme.test', 'agent2@1400000000.sim', 'gus@acme.test', 'nobody@acme.test'],
    });
    expect(answer.OnlineStaffList).toEqual(['agent2@1400000000.sim', 'gus@acme.test']);
    expect(await staffInfo('fay@acme.test')).toBeUndefined();
    expect(await staffInfo('agent2@1400000000.sim')).toBeDefined();
  });

  it('lets the mail be used again, with no history', async () => {
    const answer = await server.sdk().CreateStaff({ SdkAppId: ACME_APP, Staffs: [seat('fay@acme.test')] });
    expect(answer.ErrorStaffList).toEqual([]);
    expect(groupIds(await staffInfo('fay@acme.test'))).toEqual([]);
  });

  it("refuses more than 200 mails, and another tenant's application", async () => {
    const many = Array.from({ length: 201 }, (_, i) => `m${i}@acme.test`);
    expect(await errorCodeOf(server.sdk().DeleteStaff({ SdkAppId: ACME_APP, StaffList: many }))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await errorCodeOf(
        server.sdk({ key: OTHER_KEY }).DeleteStaff({ SdkAppId: ACME_APP, StaffList: ['ann@acme.test'] }),
      ),
    ).toBe('InvalidParameterValue.InstanceNotExist');
  });
});
