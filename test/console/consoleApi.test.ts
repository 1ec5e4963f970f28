import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACME_APP,
  ACME_KEY,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../support/testServer.ts';
import { consoleClient } from './consoleClient.ts';

let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  base = `http://${server.endpoint}/console/api`;
});
afterAll(async () => server.close());

function client() {
  return consoleClient(base);
}

async function supervisor(key = ACME_KEY) {
  const c = client();
  const signIn = await c.call('POST', '/session/supervisor', {
    SecretId: key.secretId,
    SecretKey: key.secretKey,
  });
  expect(signIn.status).toBe(200);
  return c;
}

describe('the console’s pages', () => {
  it('sends /console to /console/ and marks every answer with the security headers', async () => {
    const response = await fetch(`http://${server.endpoint}/console`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/console/');
    const api = await fetch(`${base}/session`);
    expect(api.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('console sign-in', () => {
  it('signs a supervisor in with the application key and shows only the account’s applications', async () => {
    const c = client();
    const signIn = await c.call('POST', '/session/supervisor', {
      SecretId: ACME_KEY.secretId,
      SecretKey: ACME_KEY.secretKey,
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.Apps).toEqual([{ SdkAppId: ACME_APP, Name: 'ACME' }]);
    const flags = signIn.headers.get('set-cookie')!;
    expect(flags).toMatch(/HttpOnly/i);
    expect(flags).toMatch(/SameSite=Strict/i);
    expect(flags).toMatch(/Path=\/console/);
    expect(flags).not.toMatch(/Secure/);
    const again = await c.call('GET', '/session');
    expect(again.body.Kind).toBe('supervisor');
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const c = client();
    const signIn = await c.call(
      'POST',
      '/session/supervisor',
      { SecretId: ACME_KEY.secretId, SecretKey: ACME_KEY.secretKey },
      { 'x-forwarded-proto': 'https' },
    );
    expect(signIn.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('refuses a wrong key without saying which part was wrong', async () => {
    const c = client();
    const wrong = await c.call('POST', '/session/supervisor', {
      SecretId: ACME_KEY.secretId,
      SecretKey: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.Error.Message).toBe('Unknown SecretId or wrong SecretKey.');
    const unknown = await c.call('POST', '/session/supervisor', {
      SecretId: 'AKIDnobody',
      SecretKey: 'nope',
    });
    expect(unknown.body.Error.Message).toBe(wrong.body.Error.Message);
  });

  it('rejects a forged or missing session cookie', async () => {
    const none = await client().call('GET', '/session');
    expect(none.status).toBe(401);
    const c = await supervisor();
    const [name, value] = c.cookie.split('=');
    const forged = Buffer.from(
      JSON.stringify({
        kind: 'supervisor',
        accountId: 'other',
        secretId: OTHER_KEY.secretId,
        expiresAt: Date.now() + 1e6,
      }),
    ).toString('base64url');
    const tampered = await fetch(`${base}/session`, {
      headers: { cookie: `${name}=${forged}.${value!.split('.').at(-1)}` },
    });
    expect(tampered.status).toBe(401);
  });

  it('refuses state-changing calls without the console header', async () => {
    const c = await supervisor();
    const response = await fetch(`${base}/actions/DescribePredictiveDialingCampaigns`, {
      method: 'POST',
      headers: { cookie: c.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0 }),
    });
    expect(response.status).toBe(403);
  });

  it('signs a demo agent in with mail and password', async () => {
    const c = client();
    const signIn = await c.call('POST', '/session/agent', {
      Mail: `agent1@${ACME_APP}.sim`,
      Password: 'agent',
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.Agent).toMatchObject({ SdkAppId: ACME_APP, Mail: `agent1@${ACME_APP}.sim` });
    const wrong = await client().call('POST', '/session/agent', {
      Mail: `agent1@${ACME_APP}.sim`,
      Password: 'x',
    });
    expect(wrong.status).toBe(401);
    // An agent session is no supervisor session.
    const action = await c.call('POST', '/actions/DescribePredictiveDialingCampaigns', {
      SdkAppId: ACME_APP,
      PageSize: 10,
      PageNumber: 0,
    });
    expect(action.status).toBe(401);
  });
});

describe('sign-in throttling', () => {
  it('stops guessing after ten wrong passwords for one account', async () => {
    const mail = `agent3@${ACME_APP}.sim`;
    for (let i = 0; i < 10; i++) {
      const wrong = await client().call('POST', '/session/agent', { Mail: mail, Password: `guess${i}` });
      expect(wrong.status).toBe(401);
    }
    const right = await client().call('POST', '/session/agent', { Mail: mail, Password: 'agent' });
    expect(right.status).toBe(429);
    // Another account from the same address is not locked out.
    const other = await client().call('POST', '/session/agent', {
      Mail: `agent2@${ACME_APP}.sim`,
      Password: 'agent',
    });
    expect(other.status).toBe(200);
  });
});

describe('console API for supervisors', () => {
  it('checks every call against the tenant like the API does', async () => {
    const c = await supervisor();
    const foreign = await c.call('GET', `/apps/${OTHER_APP}/campaigns`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.Error.Code).toBe('InvalidParameterValue.InstanceNotExist');
    const directory = await c.call('GET', `/apps/${OTHER_APP}/directory`);
    expect(directory.body.Error.Code).toBe('InvalidParameterValue.InstanceNotExist');
  });

  it('lists the directory the create form offers', async () => {
    const c = await supervisor();
    const directory = await c.call('GET', `/apps/${ACME_APP}/directory`);
    expect(directory.body.SkillGroups).toEqual([
      { SkillGroupId: 255, SkillGroupName: 'Outbound sales', AgentCount: 3 },
    ]);
    expect(directory.body.Numbers.map((n: { Number: string }) => n.Number)).toContain('0086075586013388');
    expect(directory.body.Ivrs).toEqual([{ IvrId: 4600, Name: 'Busy message' }]);
  });

  it('runs an API action with the API’s validation and names the refused field', async () => {
    const c = await supervisor();
    const now = Math.floor(server.runtime.clock.now() / 1000);
    const params = {
      SdkAppId: ACME_APP,
      Name: 'Console campaign',
      Callees: ['008613800138000', '008613800138001'],
      Callers: ['0086075586013388'],
      CallOrder: 1,
      SkillGroupId: 255,
      Priority: 1,
      ExpectedAbandonRate: 60,
      RetryInterval: 60,
      StartTime: now,
      EndTime: now + 3600,
    };
    const refused = await c.call('POST', '/actions/CreatePredictiveDialingCampaign', params);
    expect(refused.status).toBe(400);
    expect(refused.body.Error).toMatchObject({ Code: 'InvalidParameterValue', Field: 'ExpectedAbandonRate' });
    const created = await c.call('POST', '/actions/CreatePredictiveDialingCampaign', {
      ...params,
      ExpectedAbandonRate: 5,
    });
    expect(created.status).toBe(200);
    expect(created.body.CampaignId).toBeGreaterThan(0);
    const list = await c.call('GET', `/apps/${ACME_APP}/campaigns`);
    expect(list.body.Campaigns[0]).toMatchObject({
      CampaignId: created.body.CampaignId,
      Name: 'Console campaign',
      CalleeCount: 2,
      SkillGroupName: 'Outbound sales',
      TargetAbandonRate: 5,
    });
  });
});

describe('simulate before running', () => {
  it('forecasts the form’s campaign with the skill group’s agents', async () => {
    const c = await supervisor();
    const now = Math.floor(server.runtime.clock.now() / 1000);
    const forecast = await c.call('POST', `/apps/${ACME_APP}/simulate`, {
      SdkAppId: ACME_APP,
      Name: 'What if',
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 1,
      ExpectedAbandonRate: 5,
      RetryInterval: 600,
      StartTime: now,
      EndTime: now + 2 * 3600,
      CalleeCount: 200,
    });
    expect(forecast.status).toBe(200);
    expect(forecast.body).toMatchObject({
      Agents: 3,
      Callees: 200,
      Strategy: 'predictive',
      TargetAbandonRate: 5,
    });
    expect(forecast.body.Attempts).toBeGreaterThan(0);
    expect(forecast.body.Occupancy).toBeGreaterThan(0);
    expect(forecast.body.Series.Times.length).toBe(forecast.body.Series.Occupancy.length);
    expect(forecast.body.Series.Times[0]).toBeGreaterThan(now * 1000);
  });

  it('refuses the same fields the create action refuses, with its message', async () => {
    const c = await supervisor();
    const refused = await c.call('POST', `/apps/${ACME_APP}/simulate`, {
      SdkAppId: ACME_APP,
      Name: 'What if',
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 1,
      ExpectedAbandonRate: 2,
      RetryInterval: 600,
      StartTime: 1,
      EndTime: 2,
      CalleeCount: 10,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.Error).toMatchObject({ Code: 'InvalidParameterValue', Field: 'ExpectedAbandonRate' });
  });
});
