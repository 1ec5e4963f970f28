import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_APP, startTestServer, type TestServer } from '../../support/testServer.ts';
import {
  acmeWithLimits,
  forceStatus,
  nowSeconds,
  rawCall,
  refusalOf,
  seedExample,
} from './campaignSupport.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(acmeWithLimits({ maxLiveCampaigns: 1000, maxCalleesPerCampaign: 5 }));
});
afterAll(() => server.close());

const now = nowSeconds();

async function created(changes: Record<string, unknown> = {}, status = 0): Promise<number> {
  const { CampaignId } = await server.sdk().CreatePredictiveDialingCampaign(seedExample(now, changes));
  if (status !== 0) await forceStatus(server, CampaignId, status);
  return CampaignId;
}

const describeCampaign = (id: number) =>
  rawCall(server, 'DescribePredictiveDialingCampaign', { SdkAppId: ACME_APP, CampaignId: id });

const update = (
  id: number,
  fields: Record<string, unknown>,
  options: Parameters<TestServer['sdk']>[0] = {},
) => server.sdk(options).UpdatePredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId: id, ...fields });

async function callees(id: number) {
  const rows = await server.runtime.database.db
    .selectFrom('callees')
    .select(['number', 'order_key', 'uui'])
    .where('campaign_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows;
}

/** Tencent's full replacement: every field its model requires. */
function fullReplacement(changes: Record<string, unknown> = {}) {
  const {
    SdkAppId: _,
    IVRId: __,
    RetryTimes: ___,
    ...required
  } = seedExample(now, {
    Name: 'Replaced',
    Callees: ['+8613100000001', '+8613100000002'],
    CallOrder: 1,
    Priority: 5,
    ExpectedAbandonRate: 20,
    RetryInterval: 600,
    StartTime: now + 100,
    EndTime: now + 200,
  });
  return { ...required, ...changes };
}

describe('a ready campaign', () => {
  it("takes Tencent's full replacement, resetting the optional fields it leaves out", async () => {
    const id = await created({
      Variables: [{ Key: 'a', Value: '1' }],
      UUI: 'old',
      CalleeAttributes: [{ Callee: '+8613012345678', UUI: 'x' }],
      TimeZone: 'Asia/Shanghai',
      AvailableTime: [{ StartTime: '09:00:00', EndTime: '18:00:00' }],
    });
    await update(id, fullReplacement());
    const described = await describeCampaign(id);
    expect(described).toMatchObject({
      Name: 'Replaced',
      CallOrder: 1,
      Priority: 5,
      ExpectedAbandonRate: 20,
      RetryInterval: 600,
      StartTime: now + 100,
      EndTime: now + 200,
      RetryTimes: 0,
      Variables: [],
      UUI: '',
      CalleeAttributes: [],
      CalleeCount: 2,
      // Update cannot carry these, so they stay.
      TimeZone: 'Asia/Shanghai',
      AvailableTime: [{ StartTime: '09:00:00', EndTime: '18:00:00' }],
    });
    expect(described).not.toHaveProperty('IVRId');
    expect(await callees(id)).toEqual([
      { number: '+8613100000001', order_key: 0, uui: null },
      { number: '+8613100000002', order_key: 1, uui: null },
    ]);
  });

  it('takes a full replacement through v1 signing too', async () => {
    const id = await created();
    await update(id, fullReplacement({ Name: 'Replaced over v1', IVRId: 4600 }), { signMethod: 'HmacSHA1' });
    expect(await describeCampaign(id)).toMatchObject({
      Name: 'Replaced over v1',
      IVRId: 4600,
      CalleeCount: 2,
    });
  });

  it('takes a partial update: only the given fields change', async () => {
    const id = await created({ Variables: [{ Key: 'a', Value: '1' }], UUI: 'kept' });
    const before = await describeCampaign(id);
    await update(id, { Priority: 1, UUI: 'changed' });
    const after = await describeCampaign(id);
    expect(after).toEqual({ ...before, Priority: 1, UUI: 'changed', RequestId: after.RequestId });
  });

  it('replaces the callee list, keeping the attributes of callees still listed', async () => {
    const id = await created({
      CallOrder: 1,
      CalleeAttributes: [
        { Callee: '+8613012345678', UUI: 'stays' },
        { Callee: '+8613012345679', UUI: 'goes' },
      ],
    });
    await update(id, { Callees: ['+86 130 1234 5678', '+8613200000000', '+8613200000000'] });
    expect(await callees(id)).toEqual([
      { number: '+8613012345678', order_key: 0, uui: 'stays' },
      { number: '+8613200000000', order_key: 1, uui: null },
    ]);
    expect(await describeCampaign(id)).toMatchObject({ CalleeCount: 2 });
  });

  it('re-ranks the stored callees when only CallOrder changes', async () => {
    const numbers = Array.from({ length: 5 }, (_, i) => `+861330000000${i}`);
    const id = await created({ CallOrder: 0, Callees: numbers });
    await update(id, { CallOrder: 1 });
    expect((await callees(id)).map((c) => c.order_key)).toEqual([0, 1, 2, 3, 4]);
  });

  it('takes new attributes for the stored callees', async () => {
    const id = await created();
    await update(id, { CalleeAttributes: [{ Callee: '+8613012345670', UUI: 'new' }] });
    expect((await describeCampaign(id)).CalleeAttributes).toEqual([
      { Callee: '+8613012345670', UUI: 'new', Variables: [] },
    ]);
  });

  it.each([
    ['Priority 0', { Priority: 0 }, 'InvalidParameterValue', 'Priority'],
    ['ExpectedAbandonRate 60', { ExpectedAbandonRate: 60 }, 'InvalidParameterValue', 'ExpectedAbandonRate'],
    ['a bad callee', { Callees: ['+8613012345678', 'x'] }, 'InvalidParameterValue', 'Callees.1'],
    [
      'too many callees',
      { Callees: ['1301', '1302', '1303', '1304', '1305', '1306'] },
      'LimitExceeded.OutOfCountLimit',
      'Callees',
    ],
    ['a disabled caller', { Callers: ['0086075586013399'] }, 'InvalidParameterValue', 'Callers.0'],
    ['an unknown skill group', { SkillGroupId: 1 }, 'InvalidParameterValue', 'SkillGroupId'],
    ['an unknown IVR', { IVRId: 1 }, 'InvalidParameterValue', 'IVRId'],
    ['an EndTime before the stored StartTime', { EndTime: now + 3000 }, 'InvalidParameterValue', 'EndTime'],
    ['a StartTime after the stored EndTime', { StartTime: now + 9000 }, 'InvalidParameterValue', 'EndTime'],
    [
      'an EndTime in the past',
      { StartTime: now - 100, EndTime: now - 50 },
      'InvalidParameterValue',
      'EndTime',
    ],
    [
      'attributes of a callee not listed',
      { CalleeAttributes: [{ Callee: '+8613999999999' }] },
      'InvalidParameterValue',
      'CalleeAttributes.0.Callee',
    ],
    ['a TimeZone (Update has none)', { TimeZone: 'UTC' }, 'UnknownParameter', 'TimeZone'],
    ['AvailableTime (Update has none)', { AvailableTime: [] }, 'UnknownParameter', 'AvailableTime'],
  ])('refuses %s', async (_, fields, code, field) => {
    const id = await created();
    const before = await describeCampaign(id);
    const refusal = await refusalOf(update(id, fields));
    expect(refusal.code).toBe(code);
    expect(refusal.message).toContain(`\`${field}\``);
    const after = await describeCampaign(id);
    expect(after).toEqual({ ...before, RequestId: after.RequestId });
  });
});

describe('a running or paused campaign', () => {
  it.each([
    ['running', 1],
    ['paused', 2],
  ])('takes the fields safe mid-flight while %s', async (_, status) => {
    const id = await created({}, status);
    await update(id, {
      Name: 'Renamed',
      Priority: 2,
      ExpectedAbandonRate: 5,
      RetryTimes: 2,
      RetryInterval: 60,
      EndTime: now + 86_400,
    });
    expect(await describeCampaign(id)).toMatchObject({
      Name: 'Renamed',
      Priority: 2,
      ExpectedAbandonRate: 5,
      RetryTimes: 2,
      RetryInterval: 60,
      EndTime: now + 86_400,
      Status: status,
    });
  });

  it.each([
    ['Callees', { Callees: ['+8613012345678'] }],
    ['Callers', { Callers: ['0086075586013388'] }],
    ['CallOrder', { CallOrder: 1 }],
    ['SkillGroupId', { SkillGroupId: 255 }],
    ['StartTime', { StartTime: now + 10 }],
    ['IVRId', { IVRId: 4600 }],
    ['Variables', { Variables: [] }],
    ['UUI', { UUI: 'x' }],
    ['CalleeAttributes', { CalleeAttributes: [] }],
  ])('refuses %s with UnsupportedOperation naming it', async (field, fields) => {
    const id = await created({}, 1);
    const refusal = await refusalOf(update(id, { Priority: 1, ...fields }));
    expect(refusal.code).toBe('UnsupportedOperation');
    expect(refusal.message).toContain(`\`${field}\``);
    expect(refusal.message).toContain('1 (running)');
    expect((await describeCampaign(id)).Priority).toBe(3);
  });

  it("refuses Tencent's full replacement once the campaign has started", async () => {
    const id = await created({}, 2);
    const refusal = await refusalOf(update(id, fullReplacement()));
    expect(refusal.code).toBe('UnsupportedOperation');
  });

  it('refuses an EndTime in the past', async () => {
    const id = await created({}, 1);
    const refusal = await refusalOf(update(id, { EndTime: now - 1 }));
    expect(refusal).toMatchObject({
      code: 'InvalidParameterValue',
      message: expect.stringContaining('`EndTime`'),
    });
  });

  it('says so in Chinese to a zh-CN client', async () => {
    const id = await created({}, 2);
    const refusal = await refusalOf(update(id, { Callers: ['0086075586013388'] }, { language: 'zh-CN' }));
    expect(refusal.message).toContain('字段 `Callers` 不能修改');
  });
});

describe('an ended campaign', () => {
  it.each([
    ['terminated', 3],
    ['completed', 4],
  ])('refuses any update while %s', async (label, status) => {
    const id = await created({}, status);
    const refusal = await refusalOf(update(id, { Name: 'Too late' }));
    expect(refusal.code).toBe('UnsupportedOperation');
    expect(refusal.message).toContain(`its status is ${status} (${label})`);
  });
});
