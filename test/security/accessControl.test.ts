import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allActions } from '../../src/api/actions/index.ts';
import { adminCommand } from '../../src/commands/admin.ts';
import { insertSession } from '../api/sessions/sessionRows.ts';
import { codeOf, envelopeOf } from '../support/envelopeCheck.ts';
import { fromIncoming, type RawRequest, send, signedTc3 } from '../support/rawHttp.ts';
import { cccClient, type SdkError } from '../support/sdk.ts';
import { signTc3, signV1 } from '../support/signer.ts';
import {
  ACME_APP,
  ACME_KEY,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../support/testServer.ts';

/**
 * Who may do what: a signature is good for ±300 s of the server's clock and for exactly the request
 * signed; a key reaches only its own account's applications, and learns nothing of another's (the
 * same answer as for an id that does not exist); a disabled key is as good as none; a caller number
 * out of service cannot be put on a campaign.
 */

let server: TestServer;
let host: string;
let port: number;
/** The server's real clock runs this far ahead of ours (ms): timestamps are checked against it. */
let skewMs = 0;
let acmeCampaign: number;
let acmeSession: string;
let acmeLiveSession: string;
const NO_APP = 1499999999;
const NO_SESSION = '00000000-0000-4000-8000-00000000dead';

beforeAll(async () => {
  server = await startTestServer({}, { realNow: () => Date.now() + skewMs });
  host = server.endpoint;
  port = Number(host.split(':').at(-1));
  const now = Math.floor(Date.now() / 1000);
  acmeCampaign = (
    await server.sdk().CreatePredictiveDialingCampaign({
      SdkAppId: ACME_APP,
      Name: 'ACME only',
      Callees: ['+8613012345678'],
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryInterval: 600,
      StartTime: now + 3600,
      EndTime: now + 7200,
    })
  ).CampaignId;
  const db = server.runtime.database.db;
  acmeSession = await insertSession(db, { campaign_id: acmeCampaign, start_ts: Date.now() - 60_000 });
  acmeLiveSession = await insertSession(db, {
    campaign_id: acmeCampaign,
    start_ts: Date.now() - 10_000,
    session_status: 'inProgress',
    ended_ts: null,
    end_status: null,
    hung_up_side: null,
  });
});
afterAll(() => server.close());

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return {
      code: (error as SdkError).code ?? `no code: ${(error as Error).message}`,
      message: (error as Error).message,
    };
  }
  return { code: 'Success', message: '' };
}

describe('the signature’s time window', () => {
  const body = JSON.stringify({ SdkAppId: ACME_APP });
  const at = (offsetSeconds: number) =>
    signedTc3({
      host,
      key: ACME_KEY,
      action: 'DescribeNumbers',
      body,
      timestamp: serverNow() + offsetSeconds,
    });
  const v1At = (offsetSeconds: number) =>
    fromIncoming(
      signV1(
        { SdkAppId: String(ACME_APP) },
        { method: 'POST', host, ...ACME_KEY, timestamp: serverNow() + offsetSeconds },
      ),
    );
  const serverNow = () => Math.floor((Date.now() + skewMs) / 1000);

  it('accepts a timestamp up to 299 s off either way and refuses one 301 s off, TC3 and v1', async () => {
    // The server's clock is held still for this, so a second ticking by cannot move the edge.
    const frozen = Date.now();
    skewMs = 0;
    const realNow = Date.now;
    Date.now = () => frozen;
    try {
      for (const sign of [at, v1At]) {
        for (const offset of [-299, 299, 0])
          expect(codeOf(await send(port, sign(offset))), `${offset}`).toBe('Success');
        for (const offset of [-301, 301, -86_400, 86_400]) {
          expect(codeOf(await send(port, sign(offset))), `${offset}`).toBe('AuthFailure.SignatureExpire');
        }
      }
    } finally {
      Date.now = realNow;
    }
  });

  it('holds for the official SDK too: a client clock 299 s behind or ahead works, 301 s does not', async () => {
    try {
      for (const [skew, code] of [
        [299_500, 'Success'],
        [-299_500, 'Success'],
        [301_500, 'AuthFailure.SignatureExpire'],
        [-301_500, 'AuthFailure.SignatureExpire'],
      ] as const) {
        skewMs = skew;
        for (const signMethod of ['TC3-HMAC-SHA256', 'HmacSHA256'] as const) {
          const answer = await refusal(server.sdk({ signMethod }).DescribeNumbers({ SdkAppId: ACME_APP }));
          expect(answer.code, `${skew} ${signMethod}`).toBe(code);
        }
      }
    } finally {
      skewMs = 0;
    }
  });

  it('refuses a captured request replayed once the window has passed', async () => {
    const captured = at(0);
    expect(codeOf(await send(port, captured))).toBe('Success');
    try {
      skewMs = 301_000;
      expect(codeOf(await send(port, captured))).toBe('AuthFailure.SignatureExpire');
      skewMs = 3_600_000;
      expect(codeOf(await send(port, captured))).toBe('AuthFailure.SignatureExpire');
    } finally {
      skewMs = 0;
    }
  });
});

describe('a request changed after it was signed', () => {
  const signed = () =>
    signedTc3({
      host,
      key: ACME_KEY,
      action: 'DescribePredictiveDialingCampaign',
      body: JSON.stringify({ SdkAppId: ACME_APP, CampaignId: acmeCampaign }),
    });
  const replace = (request: RawRequest, name: string, value: string): RawRequest => ({
    ...request,
    headers: request.headers.map(([n, v]) => [n, n === name ? value : v] as const),
  });

  it('is refused, whatever was changed: body, signed header, timestamp, signature, key', async () => {
    const original = signed();
    expect(codeOf(await send(port, original))).toBe('Success');
    const tampered: Array<[string, RawRequest]> = [
      [
        'body',
        {
          ...original,
          body: Buffer.from(JSON.stringify({ SdkAppId: ACME_APP, CampaignId: acmeCampaign + 1 })),
        },
      ],
      ['body, one space', { ...original, body: Buffer.concat([original.body, Buffer.from(' ')]) }],
      ['content-type', replace(original, 'content-type', 'application/json; charset=utf-8')],
      ['host', replace(original, 'host', `localhost:${port}`)],
      [
        'timestamp',
        replace(
          original,
          'x-tc-timestamp',
          String(Number(original.headers.find(([n]) => n === 'x-tc-timestamp')![1]) + 1),
        ),
      ],
      [
        'signature',
        replace(
          original,
          'authorization',
          original.headers
            .find(([n]) => n === 'authorization')![1]
            .replace(/Signature=(.)/, (_, c) => `Signature=${c === '0' ? '1' : '0'}`),
        ),
      ],
      [
        'SecretId',
        replace(
          original,
          'authorization',
          original.headers
            .find(([n]) => n === 'authorization')![1]
            .replace(ACME_KEY.secretId, OTHER_KEY.secretId),
        ),
      ],
    ];
    for (const [what, request] of tampered) {
      expect(codeOf(await send(port, request)), what).toBe('AuthFailure.SignatureFailure');
    }
  });

  it('is refused when a header the client chose to sign is changed (X-TC-Action signed)', async () => {
    const req = signTc3({
      host,
      action: 'DescribeNumbers',
      body: JSON.stringify({ SdkAppId: ACME_APP }),
      timestamp: Math.floor(Date.now() / 1000),
      service: 'ccc',
      ...ACME_KEY,
      signedExtra: { 'x-tc-action': 'DescribeNumbers' },
    });
    expect(codeOf(await send(port, fromIncoming(req)))).toBe('Success');
    const changed = { ...req, headers: { ...req.headers, 'x-tc-action': 'DeleteStaff' } };
    expect(codeOf(await send(port, fromIncoming(changed)))).toBe('AuthFailure.SignatureFailure');
  });

  it('is refused for v1 whatever parameter was changed, common ones included', async () => {
    const request = signV1(
      { SdkAppId: String(ACME_APP), CampaignId: String(acmeCampaign) },
      {
        method: 'POST',
        host,
        ...ACME_KEY,
        timestamp: Math.floor(Date.now() / 1000),
        action: 'DescribePredictiveDialingCampaign',
      },
    );
    expect(codeOf(await send(port, fromIncoming(request)))).toBe('Success');
    for (const [name, value] of [
      ['CampaignId', String(acmeCampaign + 1)],
      ['Action', 'DeletePredictiveDialingCampaign'],
      ['Nonce', '54321'],
      ['Region', 'ap-guangzhou'],
    ]) {
      const params = new URLSearchParams(request.body);
      params.set(name!, value!);
      expect(codeOf(await send(port, fromIncoming({ ...request, body: params.toString() }))), name).toBe(
        'AuthFailure.SignatureFailure',
      );
    }
  });
});

/** A valid request of ACME's for every action: another key must get nowhere with any of them. */
function acmeRequests(): Record<string, Record<string, unknown>> {
  const now = Math.floor(Date.now() / 1000);
  const campaign = { SdkAppId: ACME_APP, CampaignId: acmeCampaign };
  return {
    CreatePredictiveDialingCampaign: {
      SdkAppId: ACME_APP,
      Name: 'Hijack',
      Callees: ['+8613012345678'],
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryInterval: 600,
      StartTime: now + 3600,
      EndTime: now + 7200,
    },
    DescribePredictiveDialingCampaign: campaign,
    DescribePredictiveDialingCampaigns: { SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0 },
    UpdatePredictiveDialingCampaign: { ...campaign, Name: 'Hijacked' },
    PausePredictiveDialingCampaign: campaign,
    ResumePredictiveDialingCampaign: campaign,
    AbortPredictiveDialingCampaign: campaign,
    DeletePredictiveDialingCampaign: campaign,
    DescribePredictiveDialingSessions: { ...campaign, PageSize: 10, PageNumber: 0 },
    DescribeNumbers: { SdkAppId: ACME_APP },
    CreateCCCSkillGroup: { SdkAppId: ACME_APP, SkillGroupName: 'Hijack group', SkillGroupType: 0 },
    DescribeSkillGroupInfoList: { SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0 },
    UpdateCCCSkillGroup: { SdkAppId: ACME_APP, SkillGroupID: 255, SkillGroupName: 'Hijacked' },
    DeleteCCCSkillGroup: { SdkAppId: ACME_APP, SkillGroupId: 255 },
    CreateStaff: {
      SdkAppId: ACME_APP,
      Staffs: [{ Name: 'Mole', Mail: 'mole@example.com', StaffNumber: '666' }],
    },
    DescribeStaffInfoList: { SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0 },
    ModifyStaff: { SdkAppId: ACME_APP, Email: 'agent1@1400000000.sim', Name: 'Hijacked' },
    DeleteStaff: { SdkAppId: ACME_APP, StaffList: ['agent1@1400000000.sim'] },
    ModifyStaffPassword: {
      SdkAppId: ACME_APP,
      Email: 'agent1@1400000000.sim',
      Password: 'hijacked-password',
    },
    BindStaffSkillGroupList: {
      SdkAppId: ACME_APP,
      StaffEmail: 'agent1@1400000000.sim',
      SkillGroupList: [255],
    },
    UnbindStaffSkillGroupList: {
      SdkAppId: ACME_APP,
      StaffEmail: 'agent1@1400000000.sim',
      SkillGroupList: [255],
    },
    SetStaffStatus: {
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: 'agent1@1400000000.sim', Status: 'rest' }],
    },
    DescribeStaffStatusMetrics: { SdkAppId: ACME_APP },
    DescribeTelCdr: { SdkAppId: ACME_APP, StartTimeStamp: now - 86_400, EndTimeStamp: now },
    DescribeTelSession: { SdkAppId: ACME_APP, SessionId: acmeSession },
    DescribeSessionDetail: {
      SdkAppId: ACME_APP,
      SessionId: acmeSession,
      StartTimestamp: now - 86_400,
      EndTimestamp: now,
    },
    DescribePSTNActiveSessionList: { SdkAppId: ACME_APP, Offset: 0, Limit: 10 },
    HangUpCall: { SdkAppId: ACME_APP, SessionId: acmeLiveSession },
  };
}

describe('a key of another tenant', () => {
  const other = () => server.sdk({ key: OTHER_KEY });
  const call = (action: string, request: Record<string, unknown>, key = OTHER_KEY) =>
    refusal(cccClient(host, key, {})[action as 'DescribeNumbers'](request));
  const sameAs = (
    a: { code: string; message: string },
    b: { code: string; message: string },
    ids: [string, string][],
  ) => {
    expect(a.code).toBe(b.code);
    let message = a.message;
    for (const [mine, theirs] of ids) message = message.replaceAll(mine, theirs);
    expect(message).toBe(b.message);
  };

  it('has a valid request for every action here (the table is complete)', () => {
    expect(Object.keys(acmeRequests()).sort()).toEqual(allActions.map((a) => a.name).sort());
  });

  it.each(allActions.map((a) => a.name))(
    '%s on ACME’s SdkAppId answers exactly as for an application that does not exist',
    async (action) => {
      const request = acmeRequests()[action]!;
      const theirs = await call(action, request);
      const none = await call(action, { ...request, SdkAppId: NO_APP });
      expect(theirs.code).toBe('InvalidParameterValue.InstanceNotExist');
      sameAs(theirs, none, [[String(ACME_APP), String(NO_APP)]]);
    },
  );

  it('changed nothing of ACME’s by trying', async () => {
    const acme = server.sdk();
    const campaign = await acme.DescribePredictiveDialingCampaign({
      SdkAppId: ACME_APP,
      CampaignId: acmeCampaign,
    });
    expect(campaign.CampaignName ?? campaign.Name).toBe('ACME only');
    const groups = await acme.DescribeSkillGroupInfoList({
      SdkAppId: ACME_APP,
      PageSize: 100,
      PageNumber: 0,
    });
    expect(groups.SkillGroupList.map((g: { SkillGroupName: string }) => g.SkillGroupName)).toContain(
      'Outbound sales',
    );
    expect(groups.SkillGroupList.map((g: { SkillGroupName: string }) => g.SkillGroupName)).not.toContain(
      'Hijack group',
    );
    const staff = await acme.DescribeStaffInfoList({ SdkAppId: ACME_APP, PageSize: 100, PageNumber: 0 });
    const mails = staff.StaffList.map((s: { Mail: string }) => s.Mail);
    expect(mails).toContain('agent1@1400000000.sim');
    expect(mails).not.toContain('mole@example.com');
    expect(staff.StaffList.find((s: { Mail: string }) => s.Mail === 'agent1@1400000000.sim').Name).not.toBe(
      'Hijacked',
    );
    const live = await acme.DescribePSTNActiveSessionList({ SdkAppId: ACME_APP, Offset: 0, Limit: 25 });
    expect(live.Sessions.map((s: { SessionID: string }) => s.SessionID)).toContain(acmeLiveSession);
  });

  it('finds none of ACME’s sessions, staff, skill groups or numbers under its own SdkAppId', async () => {
    const now = Math.floor(Date.now() / 1000);
    // An id of ACME's and an id of nobody's get the same answer.
    const pairs: Array<[string, (id: string) => Record<string, unknown>, string, string]> = [
      ['DescribeTelSession', (id) => ({ SdkAppId: OTHER_APP, SessionId: id }), acmeSession, NO_SESSION],
      [
        'DescribeSessionDetail',
        (id) => ({ SdkAppId: OTHER_APP, SessionId: id, StartTimestamp: now - 86_400, EndTimestamp: now }),
        acmeSession,
        NO_SESSION,
      ],
      ['HangUpCall', (id) => ({ SdkAppId: OTHER_APP, SessionId: id }), acmeLiveSession, NO_SESSION],
      [
        'ModifyStaff',
        (mail) => ({ SdkAppId: OTHER_APP, Email: mail, Name: 'Hijacked' }),
        'agent1@1400000000.sim',
        'nobody@1400000000.sim',
      ],
      [
        'ModifyStaffPassword',
        (mail) => ({ SdkAppId: OTHER_APP, Email: mail, Password: 'hijacked-password' }),
        'agent1@1400000000.sim',
        'nobody@1400000000.sim',
      ],
      [
        'BindStaffSkillGroupList',
        (mail) => ({ SdkAppId: OTHER_APP, StaffEmail: mail, SkillGroupList: [900] }),
        'agent1@1400000000.sim',
        'nobody@1400000000.sim',
      ],
      [
        'UpdateCCCSkillGroup',
        (id) => ({ SdkAppId: OTHER_APP, SkillGroupID: Number(id), SkillGroupName: 'Hijacked' }),
        '255',
        '9999',
      ],
      ['DeleteCCCSkillGroup', (id) => ({ SdkAppId: OTHER_APP, SkillGroupId: Number(id) }), '255', '9999'],
      [
        'CreatePredictiveDialingCampaign',
        (number) => ({
          ...acmeRequests()['CreatePredictiveDialingCampaign'],
          SdkAppId: OTHER_APP,
          SkillGroupId: 900,
          Callers: [number],
        }),
        '0086075586013388',
        '0086075586019999',
      ],
      [
        'CreatePredictiveDialingCampaign',
        (group) => ({
          ...acmeRequests()['CreatePredictiveDialingCampaign'],
          SdkAppId: OTHER_APP,
          Callers: ['+14155550123'],
          SkillGroupId: Number(group),
        }),
        '255',
        '9999',
      ],
    ];
    for (const [action, build, acmeId, noId] of pairs) {
      const theirs = await call(action, build(acmeId));
      const none = await call(action, build(noId));
      expect(theirs.code, action).not.toBe('Success');
      sameAs(theirs, none, [[acmeId, noId]]);
    }
    // Lists under its own application show nothing of ACME's, filtered by ACME's ids or not.
    const cdr = await other().DescribeTelCdr({
      SdkAppId: OTHER_APP,
      StartTimeStamp: now - 86_400,
      EndTimeStamp: now,
      SessionIds: [acmeSession],
    });
    expect(cdr.TotalCount).toBe(0);
    const live = await other().DescribePSTNActiveSessionList({ SdkAppId: OTHER_APP, Offset: 0, Limit: 25 });
    expect(live.Total).toBe(0);
    const staff = await other().DescribeStaffInfoList({
      SdkAppId: OTHER_APP,
      PageSize: 100,
      PageNumber: 0,
      StaffMail: 'agent1@1400000000.sim',
    });
    expect(staff.TotalCount).toBe(0);
    const groups = await other().DescribeSkillGroupInfoList({
      SdkAppId: OTHER_APP,
      PageSize: 100,
      PageNumber: 0,
      SkillGroupId: 255,
    });
    expect(groups.TotalCount).toBe(0);
    const numbers = await other().DescribeNumbers({ SdkAppId: OTHER_APP });
    expect(numbers.Numbers.map((n: { Number: string }) => n.Number)).toEqual(['+14155550123']);
    const metrics = await other().DescribeStaffStatusMetrics({
      SdkAppId: OTHER_APP,
      StaffList: ['agent1@1400000000.sim'],
    });
    expect(metrics.Metrics).toEqual([]);
    const set = await other().SetStaffStatus({
      SdkAppId: OTHER_APP,
      StaffStatusList: [{ StaffUserId: 'agent1@1400000000.sim', Status: 'rest' }],
    });
    const unknown = await other().SetStaffStatus({
      SdkAppId: OTHER_APP,
      StaffStatusList: [{ StaffUserId: 'nobody@1400000000.sim', Status: 'rest' }],
    });
    expect(set.StaffStatusList[0].ErrorCode).toBe(unknown.StaffStatusList[0].ErrorCode);
    await other().DeleteStaff({ SdkAppId: OTHER_APP, StaffList: ['agent1@1400000000.sim'] });
    const still = await server.sdk().DescribeStaffInfoList({
      SdkAppId: ACME_APP,
      PageSize: 10,
      PageNumber: 0,
      StaffMail: 'agent1@1400000000.sim',
    });
    expect(still.TotalCount).toBe(1);
    const status = await server
      .sdk()
      .DescribeStaffStatusMetrics({ SdkAppId: ACME_APP, StaffList: ['agent1@1400000000.sim'] });
    expect(status.Metrics[0].Status).not.toBe('rest');
  });
});

describe('operator controls', () => {
  async function admin(...args: string[]): Promise<void> {
    const { dataDir, databaseUrl, databaseSchema } = server.config;
    const command = adminCommand({
      // The server's own database, SQLite or PostgreSQL (CCC_TEST_DATABASE).
      env: {
        CCC_DATA_DIR: dataDir,
        ...(databaseUrl ? { CCC_DATABASE_URL: databaseUrl } : {}),
        ...(databaseSchema ? { CCC_DATABASE_SCHEMA: databaseSchema } : {}),
      },
      cwd: server.config.dataDir,
      print: () => {},
    });
    const quiet = (c: Command) => {
      c.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
      for (const sub of c.commands) quiet(sub);
    };
    quiet(command);
    await command.parseAsync(args, { from: 'user' });
  }

  it('a key disabled with `admin key disable` is refused at once, as an unknown one is, TC3 and v1', async () => {
    const spare = {
      secretId: 'AKIDspare0000spare0000spare0001',
      secretKey: 'sparesecretsparesecretsparesec01',
    };
    await admin(
      'key',
      'add',
      '--account',
      'acme',
      '--secret-id',
      spare.secretId,
      '--secret-key',
      spare.secretKey,
    );
    for (const signMethod of ['TC3-HMAC-SHA256', 'HmacSHA256'] as const) {
      const answer = await refusal(
        cccClient(host, spare, { signMethod }).DescribeNumbers({ SdkAppId: ACME_APP }),
      );
      expect(answer.code).toBe('Success');
    }
    await admin('key', 'disable', '--secret-id', spare.secretId);
    const unknown = { secretId: 'AKIDnobody0000nobody0000nobody01', secretKey: spare.secretKey };
    for (const signMethod of ['TC3-HMAC-SHA256', 'HmacSHA256', 'HmacSHA1'] as const) {
      const disabled = await refusal(
        cccClient(host, spare, { signMethod }).DescribeNumbers({ SdkAppId: ACME_APP }),
      );
      const none = await refusal(
        cccClient(host, unknown, { signMethod }).DescribeNumbers({ SdkAppId: ACME_APP }),
      );
      expect(disabled.code).toBe('AuthFailure.SecretIdNotFound');
      expect(disabled.message.replace(spare.secretId, 'X')).toBe(none.message.replace(unknown.secretId, 'X'));
    }
    // The console refuses it too.
    const signIn = await fetch(`http://${host}/console/api/session/supervisor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ccc-console': '1' },
      body: JSON.stringify({ SecretId: spare.secretId, SecretKey: spare.secretKey }),
    });
    expect(signIn.status).not.toBe(200);
  });

  it('a caller number out of service (state 2) cannot be put on a campaign, by Create or Update', async () => {
    const base = acmeRequests()['CreatePredictiveDialingCampaign']!;
    const create = await refusal(
      server
        .sdk()
        .CreatePredictiveDialingCampaign({ ...base, Name: 'Disabled caller', Callers: ['0086075586013399'] }),
    );
    expect(create.code).toBe('InvalidParameterValue');
    expect(create.message).toContain('state 2');
    // Disabled by the operator after a campaign was made with it: no new campaign, no update.
    await admin(
      'number',
      'add',
      '--sdk-app-id',
      String(ACME_APP),
      '--number',
      '0086075586013377',
      '--state',
      '1',
    );
    const made = await server
      .sdk()
      .CreatePredictiveDialingCampaign({ ...base, Name: 'Soon disabled', Callers: ['0086075586013377'] });
    await admin(
      'number',
      'add',
      '--sdk-app-id',
      String(ACME_APP),
      '--number',
      '0086075586013377',
      '--state',
      '2',
    );
    const again = await refusal(
      server.sdk().CreatePredictiveDialingCampaign({
        ...base,
        Name: 'Disabled caller 2',
        Callers: ['0086075586013377'],
      }),
    );
    expect(again.code).toBe('InvalidParameterValue');
    const update = await refusal(
      server.sdk().UpdatePredictiveDialingCampaign({
        SdkAppId: ACME_APP,
        CampaignId: made.CampaignId,
        Callers: ['0086075586013377'],
      }),
    );
    expect(update.code).toBe('InvalidParameterValue');
    const numbers = envelopeOf(
      await send(
        port,
        signedTc3({
          host,
          key: ACME_KEY,
          action: 'DescribeNumbers',
          body: JSON.stringify({ SdkAppId: ACME_APP }),
        }),
      ),
    ).Response['Numbers'] as Array<{ Number: string; State: number }>;
    expect(numbers.find((n) => n.Number === '0086075586013377')?.State).toBe(2);
  });
});
