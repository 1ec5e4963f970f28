import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/dialer/clock/scaledClock.ts';
import { seededRandom } from '../../src/domain/random.ts';
import { createSimTelephony } from '../../src/telephony/sim/simTelephony.ts';
import {
  ACME_APP,
  ACME_KEY,
  ACME_OPERATOR,
  startTestServer,
  type TestServer,
  testApplications,
  testOperators,
} from '../support/testServer.ts';
import { openBrowser, type TestBrowser } from './browser.ts';
import { ensureConsoleBuilt } from './consoleBuild.ts';
import { SessionRows } from './sessionRows.ts';

/**
 * The console in headless Chromium against real servers: a supervisor signs in as an operator,
 * creates a campaign from the form and watches the engine dial it on a sped-up simulated network;
 * the live view's figures are checked exactly against recorded calls (signed in with a key); an
 * agent takes a simulated call at the desk.
 */

const WAIT = { timeout: 20_000 };
const SLOW = 60_000;

beforeAll(async () => {
  await ensureConsoleBuilt();
  mkdirSync('docs', { recursive: true });
}, SLOW);

async function firstPage(browser: TestBrowser): Promise<Page> {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(WAIT.timeout);
  return page;
}

/** A live tile's figure, by its label. */
function tileValue(p: Page, label: string) {
  return p.locator('.tile', { has: p.locator('dt', { hasText: label }) }).locator('.value');
}

const figure = async (p: Page, label: string) =>
  Number((await tileValue(p, label).textContent())?.replace(/,/g, ''));

/** Signs in through the operator form the page opens with, or through the access-key form. */
async function signInSupervisor(p: Page, base: string, way: 'operator' | 'key' = 'operator') {
  await p.goto(base);
  await p.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  if (way === 'operator') {
    await p.getByLabel('Operator name').fill(ACME_OPERATOR.name);
    await p.getByLabel('Operator password').fill(ACME_OPERATOR.password);
    await p.getByLabel('Operator password').press('Enter');
  } else {
    await p.getByRole('button', { name: 'Sign in with an access key instead' }).click();
    await p.getByLabel('SecretId').fill(ACME_KEY.secretId);
    await p.getByLabel('SecretKey').fill(ACME_KEY.secretKey);
    await p.getByLabel('SecretKey').press('Enter');
  }
  await p.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
}

describe('the supervisor console on a demo running 20 times faster than real time', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer({ clockSpeed: 20, operators: testOperators() }, { dialing: true });
    base = `http://${server.endpoint}/console/`;
    browser = await openBrowser();
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in as an operator, refusing a wrong password, with the access-key form one click away', async () => {
    const p = await firstPage(browser);
    await p.goto(base);
    await p.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    // The operator form comes first; the key form is there on request, and refuses a wrong key.
    expect(await p.getByLabel('SecretId').isVisible()).toBe(false);
    await p.getByRole('button', { name: 'Sign in with an access key instead' }).click();
    expect(await p.getByLabel('Operator name').isVisible()).toBe(false);
    expect(await p.evaluate('document.activeElement.id')).toBe('supervisor-SecretId');
    await p.getByLabel('SecretId').fill(ACME_KEY.secretId);
    await p.getByLabel('SecretKey').fill('not the key');
    await p.getByRole('button', { name: 'Sign in with the key' }).click();
    await expect
      .poll(() => p.locator('#supervisor-error').textContent())
      .toBe('Unknown SecretId or wrong SecretKey.');
    await p.getByRole('button', { name: 'Sign in with an operator account instead' }).click();
    await p.getByLabel('Operator name').fill(ACME_OPERATOR.name);
    await p.getByLabel('Operator password').fill('not the password');
    await p.getByRole('button', { name: 'Sign in as supervisor' }).click();
    await expect
      .poll(() => p.locator('#operator-error').textContent())
      .toBe('Unknown operator or wrong password.');
    await signInSupervisor(p, base);
    await p.getByText('No campaigns yet.').waitFor();
  });

  const rowsOfCsv = (bad: boolean) => [
    'Name,Phone,UUI,Plan',
    ...Array.from({ length: 120 }, (_, i) => {
      const number = bad && i === 1 ? '0086-1380-0138-00x' : `+86 138 0013 ${String(8000 + i)}`;
      return `Customer ${i + 1},${number},renewal-${i + 1},${i % 2 === 0 ? 'gold' : 'silver'}`;
    }),
  ];

  it('simulates, then creates a campaign from the form, showing the API’s refusals next to their fields', async () => {
    const p = await firstPage(browser);
    await p.getByRole('link', { name: 'New campaign' }).first().click();
    await p.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await p.getByLabel('Name', { exact: true }).fill('Spring renewals');
    await p.getByLabel('Priority').selectOption('1');
    const rate = p.getByLabel('Expected abandon rate (%)');
    await rate.fill('60');
    const file = p.getByLabel('…or a CSV or text file');
    await file.setInputFiles({
      name: 'callees.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rowsOfCsv(true).join('\n')),
    });
    await p.getByRole('button', { name: 'Create campaign' }).click();
    // The schema's refusal, in the API's words, at the field it names; focus moves there.
    await expect.poll(() => rate.getAttribute('aria-invalid')).toBe('true');
    const rateError = p.locator(`#${await rate.getAttribute('id')}-error`);
    expect(await rateError.textContent()).toMatch(/`ExpectedAbandonRate` is invalid/);
    expect(await p.evaluate('document.activeElement.id')).toBe(await rate.getAttribute('id'));
    await p.getByText('120 callees read from callees.csv (header: Name, Phone, UUI, Plan).').waitFor();

    await rate.fill('5');
    await p.getByRole('button', { name: 'Simulate before running' }).click();
    const forecast = p.getByRole('region', { name: 'Forecast' });
    await forecast.getByText('Predicted abandon rate', { exact: true }).waitFor();
    await forecast.getByText('120 callees, 3 agents, predictive pacing', { exact: false }).waitFor();
    await forecast.locator('figure.chart').waitFor();

    await p.getByRole('button', { name: 'Create campaign' }).click();
    // The handler's refusal of one callee points at its line in the file.
    const callees = p.locator('fieldset.field', { has: p.locator('legend', { hasText: 'Callees' }) });
    await callees
      .locator('.field-error')
      .getByText(/line 3 of callees\.csv/)
      .waitFor();
    expect(await rate.getAttribute('aria-invalid')).toBeNull();

    await file.setInputFiles({
      name: 'callees.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rowsOfCsv(false).join('\n')),
    });
    await p.getByRole('button', { name: 'Create campaign' }).click();
    await p.getByRole('heading', { name: 'Spring renewals', level: 1 }).waitFor();
    const campaignId = Number(/campaigns\/(\d+)/.exec(p.url())?.[1]);
    const stored = await server.runtime.database.db
      .selectFrom('callees')
      .select(['number', 'uui', 'variables'])
      .where('campaign_id', '=', campaignId)
      .orderBy('seq')
      .execute();
    expect(stored).toHaveLength(120);
    expect(stored[0]).toMatchObject({ number: '+8613800138000', uui: 'renewal-1' });
    expect(JSON.parse(stored[1]!.variables!)).toEqual([
      { Key: 'Name', Value: 'Customer 2' },
      { Key: 'Plan', Value: 'silver' },
    ]);
  });

  it(
    'shows the campaign live as the engine dials it',
    async () => {
      const p = await firstPage(browser);
      const badge = p.locator('.title-line .badge');
      await expect.poll(() => badge.textContent(), WAIT).toBe('Running');
      await expect.poll(() => figure(p, 'Answered'), WAIT).toBeGreaterThan(0);
      // Calls connect to the skill group's agents, and the charts fill in, a point a second at least.
      await expect.poll(() => figure(p, 'Connected'), { timeout: 40_000 }).toBeGreaterThanOrEqual(8);
      expect(Number(await p.locator('main').getAttribute('data-frames'))).toBeGreaterThan(5);
      const latest = p.getByRole('table', { name: 'Latest call attempts' });
      await latest
        .getByText(/Connected|In talk/)
        .first()
        .waitFor();
      await p.locator('.state-chips li').first().waitFor();
      await p.screenshot({ path: 'docs/console-supervisor.png', fullPage: true });
    },
    SLOW,
  );

  it(
    'pauses and resumes the running campaign, and lists it with its progress',
    async () => {
      const p = await firstPage(browser);
      const badge = p.locator('.title-line .badge');
      await p.getByRole('button', { name: 'Pause' }).click();
      await expect.poll(() => badge.textContent(), WAIT).toBe('Paused');
      // Paused: the engine places no new call, so the calls in flight drain.
      await expect.poll(() => figure(p, 'Calls in flight'), WAIT).toBe(0);
      await p.getByRole('button', { name: 'Resume' }).click();
      await expect.poll(() => badge.textContent(), WAIT).toBe('Running');

      await p.getByRole('link', { name: '← Campaigns' }).click();
      const row = p.locator('tr[data-campaign]', { hasText: 'Spring renewals' });
      await row.getByText('Running').waitFor();
      await row.getByText(/\d+ \/ 120/).waitFor();
      await row.getByRole('button', { name: 'Pause Spring renewals' }).waitFor();
    },
    SLOW,
  );
});

describe('the live view, frame by frame', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let rows: SessionRows;

  beforeAll(async () => {
    // No engine: the test writes the call records itself, so every figure is known exactly.
    server = await startTestServer();
    rows = new SessionRows(server.runtime.database.db, () => server.runtime.clock.now());
    browser = await openBrowser();
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('counts calls in flight, answered, connected and abandoned from the call records', async () => {
    const sdk = server.sdk();
    const now = Math.floor(server.runtime.clock.now() / 1000);
    const { CampaignId } = await sdk.CreatePredictiveDialingCampaign({
      SdkAppId: ACME_APP,
      Name: 'Counted',
      Callees: ['008613800138000', '008613800138001', '008613800138002'],
      Callers: ['0086075586013388'],
      CallOrder: 1,
      SkillGroupId: 255,
      Priority: 1,
      ExpectedAbandonRate: 5,
      RetryInterval: 60,
      StartTime: now,
      EndTime: now + 3600,
    });
    const p = await firstPage(browser);
    // The access-key form, signing in for real once.
    await signInSupervisor(p, `http://${server.endpoint}/console/`, 'key');
    await p.getByRole('link', { name: 'Counted' }).click();
    await p.getByRole('heading', { name: 'Counted', level: 1 }).waitFor();
    const frames = async () => Number(await p.locator('main').getAttribute('data-frames'));
    const before = await frames();

    const connected = await rows.placed(CampaignId!, '008613800138000');
    const abandoned = await rows.placed(CampaignId!, '008613800138001');
    await rows.placed(CampaignId!, '008613800138002');
    await expect.poll(() => figure(p, 'Calls in flight'), WAIT).toBe(3);
    await rows.connected(connected, `agent2@${ACME_APP}.sim`);
    await rows.agentStatus(ACME_APP, `agent2@${ACME_APP}.sim`, 'busy');
    await rows.ended(abandoned, 103);
    await expect.poll(() => tileValue(p, 'Abandon rate').textContent(), WAIT).toBe('50.0%');
    expect(await figure(p, 'Answered')).toBe(2);
    expect(await figure(p, 'Connected')).toBe(1);
    expect(await figure(p, 'Abandoned')).toBe(1);
    expect(await figure(p, 'Calls in flight')).toBe(2);
    expect(await tileValue(p, 'Agent occupancy').textContent()).toBe('33%');
    await p.locator('.state-chips').getByText('On a call: 1').waitFor();
    await p.getByRole('table', { name: 'Latest call attempts' }).getByText('Abandoned').waitFor();
    await expect.poll(frames, WAIT).toBeGreaterThan(before + 2);
  });
});

describe('the agent desk on a simulated network', () => {
  const AGENT = `agent1@${ACME_APP}.sim`;
  let server: TestServer;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    const speed = 10;
    const clock = scaledClock({ speed });
    // Every callee answers after 5 s and would talk for an hour: the agent hangs up.
    const telephony = createSimTelephony({
      clock,
      random: seededRandom(7),
      model: { answerRate: 1, busyRate: 0, ringMeanSeconds: 5, ringTimeoutSeconds: 25, talkMeanSeconds: 60 },
      script: () => ({ kind: 'answered', ringSeconds: 5, talkSeconds: 3600 }),
    });
    const applications = testApplications().map((app) =>
      app.sdkAppId === ACME_APP ? { ...app, limits: { ...app.limits, wrapUpSeconds: 600 } } : app,
    );
    server = await startTestServer({ clockSpeed: speed, applications }, { clock, telephony, dialing: true });
    base = `http://${server.endpoint}/console/`;
    browser = await openBrowser();
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs a demo agent in and sets their status', async () => {
    const p = await firstPage(browser);
    await p.goto(base);
    await p.getByLabel('Mail').fill(AGENT);
    await p.getByLabel('Password', { exact: true }).fill('agent');
    await p.getByRole('button', { name: 'Sign in as agent' }).click();
    await p.getByRole('heading', { name: 'Agent desk', level: 1 }).waitFor();
    const pressed = () => p.locator('.status-choice[aria-pressed="true"] .choice-label').textContent();
    await expect.poll(pressed, WAIT).toBe('Free');
    await p.getByRole('button', { name: /^Rest/ }).click();
    await expect.poll(pressed, WAIT).toBe('Rest');
    await p.getByText('On a break: set your status to Free to take calls.').waitFor();
    await p.getByRole('button', { name: /^Not ready/ }).click();
    await expect.poll(pressed, WAIT).toBe('Not ready');
    await p.getByRole('button', { name: /^Free/ }).click();
    await expect.poll(pressed, WAIT).toBe('Free');
    await p.getByText('Waiting for a call…').waitFor();
  });

  it(
    'takes a call with its UUI and Variables, hangs up, wraps up and is free again',
    async () => {
      const sdk = server.sdk();
      // Only the person at the desk takes calls.
      await sdk.SetStaffStatus({
        SdkAppId: ACME_APP,
        StaffStatusList: [2, 3].map((n) => ({ StaffUserId: `agent${n}@${ACME_APP}.sim`, Status: 'rest' })),
      });
      const now = Math.floor(server.runtime.clock.now() / 1000);
      await sdk.CreatePredictiveDialingCampaign({
        SdkAppId: ACME_APP,
        Name: 'Loyalty upgrade',
        Callees: ['+8613900139000'],
        Callers: ['0086075586013388'],
        CallOrder: 1,
        SkillGroupId: 255,
        Priority: 1,
        ExpectedAbandonRate: 5,
        RetryInterval: 60,
        StartTime: now,
        EndTime: now + 86_400,
        UUI: 'campaign-uui',
        CalleeAttributes: [
          {
            Callee: '+8613900139000',
            UUI: 'order-4711',
            Variables: [
              { Key: 'Customer', Value: 'Wang Fang' },
              { Key: 'Offer', Value: 'Gold plan, 12 months' },
            ],
          },
        ],
      });

      const p = await firstPage(browser);
      await p.getByRole('heading', { name: 'On a call' }).waitFor(WAIT);
      const details = p.locator('.call-details');
      await details.getByText('+8613900139000').waitFor();
      await details.getByText('Loyalty upgrade').waitFor();
      await details.getByText('order-4711').waitFor();
      const variables = details.getByRole('table', { name: 'Call variables' });
      await variables.getByText('Wang Fang').waitFor();
      await variables.getByText('Gold plan, 12 months').waitFor();
      await p.getByText(/Talking for \d+:\d\d/).waitFor();
      await p.mouse.move(0, 0);
      await p.screenshot({ path: 'docs/console-agent.png' });

      await p.getByRole('button', { name: 'Hang up' }).click();
      await p.getByRole('heading', { name: 'Wrap-up' }).waitFor(WAIT);
      await p.getByText(/\d+ s left, then you are free/).waitFor();
      await p.getByText('Call ended: Connected.').waitFor();
      await p.getByRole('button', { name: 'Ready for the next call' }).click();
      await p.getByText('Waiting for a call…').waitFor(WAIT);
      const staff = await server.runtime.database.db
        .selectFrom('staff')
        .select('status')
        .where('mail', '=', AGENT)
        .executeTakeFirstOrThrow();
      expect(staff.status).toBe('free');
    },
    SLOW,
  );
});
