import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/domain/clock.ts';
import { ACME_APP, OTHER_APP, startTestServer, type TestServer } from '../../support/testServer.ts';
import { acmeWithLimits, nowSeconds, refusalOf, seedExample } from './campaignSupport.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(acmeWithLimits({ maxLiveCampaigns: 1000 }));
  // A skill group that existed once: a campaign may not use it.
  await server.runtime.database.db
    .insertInto('skill_groups')
    .values({
      skill_group_id: 256,
      sdk_app_id: ACME_APP,
      name: 'Gone',
      type: 0,
      max_concurrency: 1,
      modified_at: 0,
      deleted: 1,
    })
    .execute();
});
afterAll(() => server.close());

const now = nowSeconds();
const attr = (Callee: string, extra: Record<string, unknown> = {}) => ({
  CalleeAttributes: [{ Callee, ...extra }],
});

/** [what is wrong, fields changed in the seed's example, the code, the field the message must name]. */
const refusals: Array<[string, Record<string, unknown>, string, string]> = [
  ['no Name', { Name: undefined }, 'MissingParameter', 'Name'],
  ['an empty Name', { Name: '' }, 'InvalidParameterValue', 'Name'],
  ['a blank Name', { Name: '   ' }, 'InvalidParameterValue', 'Name'],
  ['a Name of 257 characters', { Name: 'n'.repeat(257) }, 'InvalidParameterValue', 'Name'],
  ['no Callees', { Callees: undefined }, 'MissingParameter', 'Callees'],
  ['an empty Callees list', { Callees: [] }, 'InvalidParameterValue', 'Callees'],
  [
    'a callee that is not a number',
    { Callees: ['+8613012345678', 'call me'] },
    'InvalidParameterValue',
    'Callees.1',
  ],
  ['a callee of 16 E.164 digits', { Callees: ['+8613012345678901'] }, 'InvalidParameterValue', 'Callees.0'],
  ['a callee with a plus inside', { Callees: ['86+13012345678'] }, 'InvalidParameterValue', 'Callees.0'],
  [
    'an empty callee',
    { Callees: ['+8613012345678', '+8613012345679', ''] },
    'InvalidParameterValue',
    'Callees.2',
  ],
  ['a callee that is not a string', { Callees: [8613012345678] }, 'InvalidParameter', 'Callees.0'],
  ['no Callers', { Callers: undefined }, 'MissingParameter', 'Callers'],
  ['an empty Callers list', { Callers: [] }, 'InvalidParameterValue', 'Callers'],
  [
    'a caller the application does not own',
    { Callers: ['0086075586013388', '12345678'] },
    'InvalidParameterValue',
    'Callers.1',
  ],
  ['a disabled caller', { Callers: ['0086075586013399'] }, 'InvalidParameterValue', 'Callers.0'],
  ["another tenant's caller", { Callers: ['+14155550123'] }, 'InvalidParameterValue', 'Callers.0'],
  ['no CallOrder', { CallOrder: undefined }, 'MissingParameter', 'CallOrder'],
  ['CallOrder 2', { CallOrder: 2 }, 'InvalidParameterValue', 'CallOrder'],
  ['CallOrder -1', { CallOrder: -1 }, 'InvalidParameterValue', 'CallOrder'],
  ['no SkillGroupId', { SkillGroupId: undefined }, 'MissingParameter', 'SkillGroupId'],
  ['an unknown SkillGroupId', { SkillGroupId: 999 }, 'InvalidParameterValue', 'SkillGroupId'],
  ['a deleted skill group', { SkillGroupId: 256 }, 'InvalidParameterValue', 'SkillGroupId'],
  ["another tenant's skill group", { SkillGroupId: 900 }, 'InvalidParameterValue', 'SkillGroupId'],
  ['no Priority', { Priority: undefined }, 'MissingParameter', 'Priority'],
  ['Priority 0', { Priority: 0 }, 'InvalidParameterValue', 'Priority'],
  ['Priority 6', { Priority: 6 }, 'InvalidParameterValue', 'Priority'],
  ['a Priority that is not an integer', { Priority: 2.5 }, 'InvalidParameter', 'Priority'],
  ['a Priority that is text', { Priority: 'high' }, 'InvalidParameter', 'Priority'],
  ['no ExpectedAbandonRate', { ExpectedAbandonRate: undefined }, 'MissingParameter', 'ExpectedAbandonRate'],
  [
    'ExpectedAbandonRate 0 (the SDK model allows it, the seed does not)',
    { ExpectedAbandonRate: 0 },
    'InvalidParameterValue',
    'ExpectedAbandonRate',
  ],
  ['ExpectedAbandonRate 4', { ExpectedAbandonRate: 4 }, 'InvalidParameterValue', 'ExpectedAbandonRate'],
  ['ExpectedAbandonRate 51', { ExpectedAbandonRate: 51 }, 'InvalidParameterValue', 'ExpectedAbandonRate'],
  ['no RetryInterval', { RetryInterval: undefined }, 'MissingParameter', 'RetryInterval'],
  ['RetryInterval 59', { RetryInterval: 59 }, 'InvalidParameterValue', 'RetryInterval'],
  ['RetryInterval 86401', { RetryInterval: 86_401 }, 'InvalidParameterValue', 'RetryInterval'],
  ['no StartTime', { StartTime: undefined }, 'MissingParameter', 'StartTime'],
  ['no EndTime', { EndTime: undefined }, 'MissingParameter', 'EndTime'],
  [
    'EndTime equal to StartTime',
    { StartTime: now + 600, EndTime: now + 600 },
    'InvalidParameterValue',
    'EndTime',
  ],
  [
    'EndTime before StartTime',
    { StartTime: now + 600, EndTime: now + 300 },
    'InvalidParameterValue',
    'EndTime',
  ],
  ['EndTime in the past', { StartTime: now - 7200, EndTime: now - 60 }, 'InvalidParameterValue', 'EndTime'],
  ['a negative StartTime', { StartTime: -1 }, 'InvalidParameterValue', 'StartTime'],
  ['an EndTime past the year 9999', { EndTime: 253_402_300_800 }, 'InvalidParameterValue', 'EndTime'],
  ['a SkillGroupId past 2^53', { SkillGroupId: 2 ** 60 }, 'InvalidParameterValue', 'SkillGroupId'],
  ['an unknown IVRId', { IVRId: 4601 }, 'InvalidParameterValue', 'IVRId'],
  ["another tenant's IVR", { IVRId: 7000 }, 'InvalidParameterValue', 'IVRId'],
  ['RetryTimes 3', { RetryTimes: 3 }, 'InvalidParameterValue', 'RetryTimes'],
  ['RetryTimes -1', { RetryTimes: -1 }, 'InvalidParameterValue', 'RetryTimes'],
  ['a variable without Value', { Variables: [{ Key: 'a' }] }, 'MissingParameter', 'Variables.0.Value'],
  [
    'a variable with an empty Key',
    { Variables: [{ Key: '', Value: 'x' }] },
    'InvalidParameterValue',
    'Variables.0.Key',
  ],
  [
    'a variable key given twice',
    {
      Variables: [
        { Key: 'a', Value: '1' },
        { Key: 'a', Value: '2' },
      ],
    },
    'InvalidParameterValue',
    'Variables.1.Key',
  ],
  [
    'a variable with an unknown field',
    { Variables: [{ Key: 'a', Value: '1', Type: 's' }] },
    'UnknownParameter',
    'Variables.0.Type',
  ],
  ['a UUI of 1025 characters', { UUI: 'u'.repeat(1025) }, 'InvalidParameterValue', 'UUI'],
  [
    'attributes of a number not among the Callees',
    attr('+8613099999999'),
    'InvalidParameterValue',
    'CalleeAttributes.0.Callee',
  ],
  [
    'attributes of something not a number',
    attr('nobody'),
    'InvalidParameterValue',
    'CalleeAttributes.0.Callee',
  ],
  [
    'attributes without Callee',
    { CalleeAttributes: [{ UUI: 'x' }] },
    'MissingParameter',
    'CalleeAttributes.0.Callee',
  ],
  [
    'attributes of one callee given twice',
    { CalleeAttributes: [{ Callee: '+8613012345678' }, { Callee: '+86 130 1234 5678' }] },
    'InvalidParameterValue',
    'CalleeAttributes.1.Callee',
  ],
  [
    'a callee variable key given twice',
    attr('+8613012345678', {
      Variables: [
        { Key: 'k', Value: '1' },
        { Key: 'k', Value: '2' },
      ],
    }),
    'InvalidParameterValue',
    'CalleeAttributes.0.Variables.1.Key',
  ],
  ['a TimeZone that does not exist', { TimeZone: 'Mars/Olympus_Mons' }, 'InvalidParameterValue', 'TimeZone'],
  ['a TimeZone given as an offset', { TimeZone: '+08:00' }, 'InvalidParameterValue', 'TimeZone'],
  ['an empty TimeZone', { TimeZone: '' }, 'InvalidParameterValue', 'TimeZone'],
  [
    'a window start without seconds',
    { AvailableTime: [{ StartTime: '09:00', EndTime: '18:00:00' }] },
    'InvalidParameterValue',
    'AvailableTime.0.StartTime',
  ],
  [
    'a window ending at 24:00:00',
    { AvailableTime: [{ StartTime: '09:00:00', EndTime: '24:00:00' }] },
    'InvalidParameterValue',
    'AvailableTime.0.EndTime',
  ],
  [
    'a window of 09:61:00',
    { AvailableTime: [{ StartTime: '09:61:00', EndTime: '18:00:00' }] },
    'InvalidParameterValue',
    'AvailableTime.0.StartTime',
  ],
  [
    'a window ending before it starts',
    {
      AvailableTime: [
        { StartTime: '09:00:00', EndTime: '18:00:00' },
        { StartTime: '20:00:00', EndTime: '19:00:00' },
      ],
    },
    'InvalidParameterValue',
    'AvailableTime.1.EndTime',
  ],
  [
    'a window without EndTime',
    { AvailableTime: [{ StartTime: '09:00:00' }] },
    'MissingParameter',
    'AvailableTime.0.EndTime',
  ],
  ['a field the action does not have', { Callee: '+8613012345678' }, 'UnknownParameter', 'Callee'],
];

describe('CreatePredictiveDialingCampaign refuses', () => {
  it.each(refusals)('%s', async (_, changes, code, field) => {
    const request = seedExample(now, changes);
    for (const [name, value] of Object.entries(request)) if (value === undefined) delete request[name];
    const refusal = await refusalOf(server.sdk().CreatePredictiveDialingCampaign(request));
    expect(refusal.code).toBe(code);
    expect(refusal.message).toContain(`\`${field}\``);
  });

  it('quotes the offending callee in the message', async () => {
    const refusal = await refusalOf(
      server
        .sdk()
        .CreatePredictiveDialingCampaign(seedExample(now, { Callees: ['+8613012345678', '12ab34'] })),
    );
    expect(refusal.message).toContain('"12ab34"');
    expect(refusal.message).toContain('`Callees.1`');
  });

  it('names the caller and its state when the number is disabled', async () => {
    const refusal = await refusalOf(
      server.sdk().CreatePredictiveDialingCampaign(seedExample(now, { Callers: ['0086075586013399'] })),
    );
    expect(refusal.message).toMatch(/"0086075586013399" is not in service \(state 2\)/);
  });

  it("answers another tenant's SdkAppId as one that does not exist", async () => {
    const refusal = await refusalOf(
      server.sdk().CreatePredictiveDialingCampaign(seedExample(now, { SdkAppId: OTHER_APP })),
    );
    expect(refusal.code).toBe('InvalidParameterValue.InstanceNotExist');
  });

  it('speaks Chinese to a zh-CN client, still naming the field', async () => {
    const zh = server.sdk({ language: 'zh-CN' });
    const callee = await refusalOf(
      zh.CreatePredictiveDialingCampaign(seedExample(now, { Callees: ['abc'] })),
    );
    expect(callee).toEqual({
      code: 'InvalidParameterValue',
      message: expect.stringContaining('`Callees.0`'),
    });
    expect(callee.message).toContain('不是有效的电话号码');
    const caller = await refusalOf(zh.CreatePredictiveDialingCampaign(seedExample(now, { Callers: ['1'] })));
    expect(caller.message).toContain('不是本应用的号码');
    const zone = await refusalOf(
      zh.CreatePredictiveDialingCampaign(seedExample(now, { TimeZone: 'Nowhere' })),
    );
    expect(zone.message).toContain('不是 IANA 时区名称');
    const end = await refusalOf(
      zh.CreatePredictiveDialingCampaign(seedExample(now, { EndTime: now + 1 - 86_400 })),
    );
    expect(end.message).toMatch(/`EndTime`.*(已经过去|不晚于)/);
  });

  it('accepts the edges of every range', async () => {
    const edges = [
      { Priority: 1, ExpectedAbandonRate: 5, RetryInterval: 60, RetryTimes: 0, CallOrder: 1 },
      { Priority: 5, ExpectedAbandonRate: 50, RetryInterval: 86_400, RetryTimes: 2, CallOrder: 0 },
      { StartTime: now - 86_400, EndTime: now + 60, Callees: ['110', '+1'] },
      { TimeZone: 'UTC', AvailableTime: [{ StartTime: '00:00:00', EndTime: '23:59:59' }] },
      { TimeZone: 'America/Argentina/Buenos_Aires' },
    ];
    for (const changes of edges) {
      await expect(
        server.sdk().CreatePredictiveDialingCampaign(seedExample(now, changes)),
      ).resolves.toHaveProperty('CampaignId');
    }
  });
});

describe('EndTime is judged on the business clock', () => {
  let scaled: TestServer;
  const aYearAhead = Date.now() + 365 * 86_400_000;
  beforeAll(async () => {
    const clock: Clock = { now: () => aYearAhead, setTimer: () => ({ id: 0 }), clearTimer: () => {} };
    scaled = await startTestServer({}, { clock });
  });
  afterAll(() => scaled.close());

  it('refuses an EndTime that real time has not reached but the business clock has passed', async () => {
    const refusal = await refusalOf(scaled.sdk().CreatePredictiveDialingCampaign(seedExample(now)));
    expect(refusal.code).toBe('InvalidParameterValue');
    expect(refusal.message).toContain('`EndTime`');
    const later = Math.floor(aYearAhead / 1000);
    await expect(scaled.sdk().CreatePredictiveDialingCampaign(seedExample(later))).resolves.toHaveProperty(
      'CampaignId',
    );
  });
});
