import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPredictiveDialingCampaign } from '../../src/api/actions/campaigns/createPredictiveDialingCampaign.ts';
import type { ApiServices } from '../../src/api/services.ts';
import { campaignSimulator, simulationDeadlineMs } from '../../src/console/campaignSimulator.ts';
import { LiveFeeds } from '../../src/console/liveFeeds.ts';
import {
  ACME_APP,
  ACME_KEY,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
  testApplications,
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

describe('sign-in with the NUL character', () => {
  // PostgreSQL cannot compare a string holding U+0000: it failed the query, a 500 for the browser.
  it.each([
    ['/session/supervisor', { SecretId: 'AKID\u0000', SecretKey: 'x' }, 'SecretId'],
    ['/session/operator', { Name: 'super\u0000visor', Password: 'x' }, 'Name'],
    ['/session/agent', { Mail: `agent1\u0000@${ACME_APP}.sim`, Password: 'agent' }, 'Mail'],
  ])('refuses it at %s, naming the field', async (path, body, field) => {
    const refused = await client().call('POST', path, body);
    expect(refused.status).toBe(400);
    expect(refused.body.Error.Code).toBe('InvalidParameter');
    expect(refused.body.Error.Message).toContain(field);
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
    const forecast = await c.call('POST', `/apps/${ACME_APP}/simulate`, whatIf(now));
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
    const refused = await c.call(
      'POST',
      `/apps/${ACME_APP}/simulate`,
      whatIf(1, { ExpectedAbandonRate: 2, EndTime: 2, CalleeCount: 10 }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.Error).toMatchObject({ Code: 'InvalidParameterValue', Field: 'ExpectedAbandonRate' });
  });

  it('refuses more callees than the application allows a campaign, as the create action does', async () => {
    const c = await supervisor();
    const now = Math.floor(server.runtime.clock.now() / 1000);
    // ACME allows 1000 callees per campaign (testApplications).
    const refused = await c.call('POST', `/apps/${ACME_APP}/simulate`, whatIf(now, { CalleeCount: 1001 }));
    expect(refused.status).toBe(400);
    expect(refused.body.Error).toMatchObject({ Code: 'LimitExceeded.OutOfCountLimit', Field: 'CalleeCount' });
    expect(refused.body.Error.Message).toMatch(/at most 1000/);
  });

  it('answers a clean error when the simulation runs out of its worker’s memory', async () => {
    const simulator = campaignSimulator(createPredictiveDialingCampaign.input, { workerHeapMb: 4 });
    const now = Math.floor(server.runtime.clock.now() / 1000);
    const failed = simulator.simulate(acmeContext(server), ACME_APP, whatIf(now));
    await expect(failed).rejects.toMatchObject({
      code: 'FailedOperation',
      message: expect.stringMatching(/more than 4 MB of memory/),
    });
  });
});

describe('out-of-range console parameters', () => {
  // Past what the databases' bigint columns (and a JS number) hold, a value must be refused
  // up front, not reach the database and come back as an internal error.
  it.each([
    [`/apps/${ACME_APP}/campaigns?PageNumber=1e20`, 'PageNumber'],
    [`/apps/${ACME_APP}/campaigns?PageNumber=99999999999999999&PageSize=100`, 'PageNumber'],
    [`/apps/${ACME_APP}/campaigns?PageNumber=90071992547410&PageSize=100`, 'PageNumber'],
    ['/apps/99999999999999999999/directory', 'sdkAppId'],
    ['/apps/99999999999999999999/campaigns', 'sdkAppId'],
    ['/apps/9007199254740992/campaigns', 'sdkAppId'],
    [`/apps/${ACME_APP}/campaigns/9223372036854775807/live`, 'campaignId'],
    ['/apps/99999999999999999999/campaigns/1/live', 'sdkAppId'],
  ])('refuses GET %s with a 400 naming %s', async (path, field) => {
    const c = await supervisor();
    const refused = await c.call('GET', path);
    expect(refused.status).toBe(400);
    expect(refused.body.Error.Code).toBe('InvalidParameter');
    expect(refused.body.Error.Message).toContain(field);
  });
});

describe('live feeds of browsers that hang up early', () => {
  /** Sends a whole GET and hangs up `afterMs` later, likely while the route still awaits its checks. */
  async function hangUp(path: string, cookie: string, afterMs: number) {
    const [host, port] = server.endpoint.split(':');
    const socket = net.connect(Number(port), host);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /console/api${path} HTTP/1.1\r\nHost: ${server.endpoint}\r\nCookie: ${cookie}\r\nAccept: text/event-stream\r\n\r\n`,
    );
    if (afterMs > 0) await new Promise((resolve) => setTimeout(resolve, afterMs));
    socket.destroy();
  }

  // The hang-up must land while the route awaits its checks: on PostgreSQL most do; SQLite answers
  // them so fast that Node usually sees the hang-up only after the stream is open.
  it('leaves no feed subscribed after many aborted stream requests', async () => {
    const c = await supervisor();
    const now = Math.floor(server.runtime.clock.now() / 1000);
    const created = await c.call('POST', '/actions/CreatePredictiveDialingCampaign', {
      SdkAppId: ACME_APP,
      Name: 'Watched and left',
      Callees: ['008613800138000'],
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 1,
      ExpectedAbandonRate: 5,
      RetryInterval: 60,
      StartTime: now + 3600,
      EndTime: now + 7200,
    });
    expect(created.status).toBe(200);
    const agent = client();
    await agent.call('POST', '/session/agent', { Mail: `agent2@${ACME_APP}.sim`, Password: 'agent' });
    const subscribe = vi.spyOn(LiveFeeds.prototype, 'subscribe');
    try {
      const live = `/apps/${ACME_APP}/campaigns/${created.body.CampaignId}/live`;
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => [
          hangUp(live, c.cookie, (i % 4) - 1),
          hangUp('/agent/live', agent.cookie, (i % 4) - 1),
        ]).flat(),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const feeds = new Set(subscribe.mock.contexts as LiveFeeds<unknown>[]);
      expect(feeds.size).toBeGreaterThan(0);
      for (const feed of feeds) expect(feed.keys()).toEqual([]);
    } finally {
      subscribe.mockRestore();
    }
  });
});

describe('a simulation past its deadline', () => {
  const requestTimeoutMs = 2_000;
  let slowServer: TestServer;

  beforeAll(async () => {
    // Enough agents and callees that a simulated day takes longer than the deadline. The agents have
    // no password: hashing 200 of them would take most of the test's time.
    const agents = Array.from({ length: 200 }, (_, i) => ({
      mail: `seat${i}@acme.test`,
      name: `Seat ${i}`,
      staffNumber: String(5000 + i),
      skillGroupIds: [255],
    }));
    slowServer = await startTestServer({
      requestTimeoutMs,
      applications: testApplications().map((app) =>
        app.sdkAppId === ACME_APP
          ? { ...app, staff: agents, limits: { ...app.limits, maxCalleesPerCampaign: 1_000_000 } }
          : app,
      ),
    });
  });
  afterAll(async () => slowServer.close());

  it('ends comfortably before the request timeout, and never later than a minute', () => {
    expect(simulationDeadlineMs(30_000)).toBe(28_000);
    expect(simulationDeadlineMs(120_000)).toBe(60_000);
    expect(simulationDeadlineMs(1_000)).toBeLessThan(1_000);
  });

  it('answers “no result in time” before the server drops the request, and frees the simulator', async () => {
    const c = consoleClient(`http://${slowServer.endpoint}/console/api`);
    await c.call('POST', '/session/supervisor', {
      SecretId: ACME_KEY.secretId,
      SecretKey: ACME_KEY.secretKey,
    });
    const now = Math.floor(slowServer.runtime.clock.now() / 1000);
    const started = Date.now();
    const slow = await c.call(
      'POST',
      `/apps/${ACME_APP}/simulate`,
      whatIf(now, { CalleeCount: 1_000_000, EndTime: now + 24 * 3600 }),
    );
    expect(Date.now() - started).toBeLessThan(requestTimeoutMs);
    expect(slow.status).toBe(400);
    expect(slow.body.Error).toMatchObject({ Code: 'FailedOperation' });
    expect(slow.body.Error.Message).toMatch(/no result within/);
    const next = await c.call('POST', `/apps/${ACME_APP}/simulate`, whatIf(now, { CalleeCount: 20 }));
    expect(next.status).toBe(200);
  });
});

/** The create form's fields as the simulator takes them: a two-hour campaign starting at `nowS`. */
function whatIf(nowS: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SdkAppId: ACME_APP,
    Name: 'What if',
    Callers: ['0086075586013388'],
    CallOrder: 0,
    SkillGroupId: 255,
    Priority: 1,
    ExpectedAbandonRate: 5,
    RetryInterval: 600,
    StartTime: nowS,
    EndTime: nowS + 2 * 3600,
    CalleeCount: 200,
    ...overrides,
  };
}

/** What the console's route hands the simulator for an ACME supervisor, built from the server's parts. */
function acmeContext(target: TestServer) {
  const { runtime } = target;
  const services: ApiServices = {
    db: runtime.database.db,
    dialect: runtime.database.dialect,
    clock: runtime.clock,
    config: runtime.config,
    engine: runtime.engine,
  };
  return {
    requestId: 'simulator-test',
    accountId: 'acme',
    secretId: ACME_KEY.secretId,
    language: 'en-US' as const,
    region: undefined,
    services,
    log: pino({ level: 'silent' }),
  };
}
