import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_APP, ACME_KEY, startTestServer, type TestServer } from '../support/testServer.ts';
import { openBrowser, type TestBrowser } from './browser.ts';
import { ensureConsoleBuilt } from './consoleBuild.ts';
import { SessionRows } from './sessionRows.ts';

const AGENT = `agent1@${ACME_APP}.sim`;
const WAIT = { timeout: 15_000 };

let server: TestServer;
let supervisor: TestBrowser;
let agent: TestBrowser;
let rows: SessionRows;
let base: string;
let campaignId = 0;

beforeAll(async () => {
  await ensureConsoleBuilt();
  server = await startTestServer();
  base = `http://${server.endpoint}/console/`;
  rows = new SessionRows(server.runtime.database.db, () => server.runtime.clock.now());
  supervisor = await openBrowser();
  agent = await openBrowser();
  mkdirSync('docs', { recursive: true });
}, 60_000);

afterAll(async () => {
  await supervisor?.close();
  await agent?.close();
  await server?.close();
});

async function page(browser: TestBrowser): Promise<Page> {
  const existing = browser.context.pages()[0];
  const p = existing ?? (await browser.context.newPage());
  p.setDefaultTimeout(WAIT.timeout);
  return p;
}

/** The text of a live tile's value, by its label. */
function tileValue(p: Page, label: string) {
  return p.locator('.tile', { has: p.locator('dt', { hasText: label }) }).locator('.value');
}

describe('the supervisor console', () => {
  it('signs in with the application key, and refuses a wrong one', async () => {
    const p = await page(supervisor);
    await p.goto(base);
    await p.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await p.getByLabel('SecretId').fill(ACME_KEY.secretId);
    await p.getByLabel('SecretKey').fill('not the key');
    await p.getByRole('button', { name: 'Sign in as supervisor' }).click();
    await expect
      .poll(() => p.locator('#supervisor-error').textContent())
      .toBe('Unknown SecretId or wrong SecretKey.');
    await p.getByLabel('SecretKey').fill(ACME_KEY.secretKey);
    await p.getByLabel('SecretKey').press('Enter');
    await p.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await p.getByText('No campaigns yet.').waitFor();
  });

  it('creates a campaign from the form, showing the API’s refusals next to their fields', async () => {
    const p = await page(supervisor);
    await p.getByRole('link', { name: 'New campaign' }).first().click();
    await p.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await p.getByLabel('Name', { exact: true }).fill('Spring renewals');
    const rate = p.getByLabel('Expected abandon rate (%)');
    await rate.fill('60');
    const csv = [
      'Name,Phone,UUI,Plan',
      'Jane Doe,008613800138000,renewal-17,gold',
      'Bad Number,0086-1380-0138-00x,,',
      'Li Lei,+86 138 0013 8002,renewal-18,silver',
    ].join('\n');
    await p.getByLabel('…or a CSV or text file').setInputFiles({
      name: 'callees.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await p.getByRole('button', { name: 'Create campaign' }).click();
    // The schema's refusal, in the API's words, at the field it names; focus moves there.
    await expect.poll(() => rate.getAttribute('aria-invalid')).toBe('true');
    const rateError = p.locator(`#${await rate.getAttribute('id')}-error`);
    expect(await rateError.textContent()).toMatch(/`ExpectedAbandonRate` is invalid/);
    expect(await p.evaluate('document.activeElement.id')).toBe(await rate.getAttribute('id'));
    await p.getByText('3 callees read from callees.csv (header: Name, Phone, UUI, Plan).').waitFor();

    await rate.fill('5');
    await p.getByRole('button', { name: 'Create campaign' }).click();
    // The handler's refusal of one callee points at its line in the file.
    const callees = p.locator('fieldset.field', { has: p.locator('legend', { hasText: 'Callees' }) });
    await callees
      .locator('.field-error')
      .getByText(/line 3 of callees\.csv/)
      .waitFor();
    expect(await rate.getAttribute('aria-invalid')).toBeNull();

    await p.getByLabel('…or a CSV or text file').setInputFiles({
      name: 'callees.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv.replace('0086-1380-0138-00x', '008613800138001')),
    });
    await p.getByRole('button', { name: 'Create campaign' }).click();
    await p.getByRole('heading', { name: 'Spring renewals', level: 1 }).waitFor();
    campaignId = Number(/campaigns\/(\d+)/.exec(p.url())?.[1]);
    expect(campaignId).toBeGreaterThan(0);
    await expect.poll(() => tileValue(p, 'Callees finished').textContent()).toBe('0 / 3');
    const stored = await server.runtime.database.db
      .selectFrom('callees')
      .select(['number', 'uui', 'variables'])
      .where('campaign_id', '=', campaignId)
      .orderBy('seq')
      .execute();
    expect(stored.map((c) => c.number)).toEqual(['008613800138000', '008613800138001', '+8613800138002']);
    expect(stored[0]).toMatchObject({ uui: 'renewal-17' });
    expect(JSON.parse(stored[0]!.variables!)).toEqual([
      { Key: 'Name', Value: 'Jane Doe' },
      { Key: 'Plan', Value: 'gold' },
    ]);
  });

  it('shows the campaign live as its calls are recorded', async () => {
    const p = await page(supervisor);
    const frames = async () => Number(await p.locator('main').getAttribute('data-frames'));
    const before = await frames();
    const connected = await rows.placed(campaignId, '008613800138000', { uui: 'renewal-17' });
    const abandoned = await rows.placed(campaignId, '008613800138001');
    await rows.placed(campaignId, '+8613800138002');
    await expect.poll(() => tileValue(p, 'Calls in flight').textContent(), WAIT).toBe('3');
    await rows.connected(connected, `agent2@${ACME_APP}.sim`);
    await rows.agentStatus(ACME_APP, `agent2@${ACME_APP}.sim`, 'busy');
    await rows.ended(abandoned, 103);
    await expect.poll(() => tileValue(p, 'Abandon rate').textContent(), WAIT).toBe('50.0%');
    expect(await tileValue(p, 'Answered').textContent()).toBe('2');
    expect(await tileValue(p, 'Connected').textContent()).toBe('1');
    expect(await tileValue(p, 'Abandoned').textContent()).toBe('1');
    expect(await tileValue(p, 'Agent occupancy').textContent()).toBe('33%');
    await p.locator('.state-chips').getByText('On a call: 1').waitFor();
    await p.getByRole('table', { name: 'Latest call attempts' }).getByText('Abandoned').waitFor();
    // Frames keep coming at least every second; each adds a point to the charts.
    await expect.poll(frames, WAIT).toBeGreaterThan(before + 2);
    await p.screenshot({ path: 'docs/console-supervisor.png' });
  });

  it('pauses and resumes a running campaign', async () => {
    const p = await page(supervisor);
    // What the engine does at StartTime.
    await server.runtime.database.db
      .updateTable('campaigns')
      .set({ status: 1 })
      .where('campaign_id', '=', campaignId)
      .execute();
    const badge = p.locator('.title-line .badge');
    await expect.poll(() => badge.textContent(), WAIT).toBe('Running');
    await p.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => badge.textContent(), WAIT).toBe('Paused');
    await p.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => badge.textContent(), WAIT).toBe('Running');
  });
});

describe('the agent desk', () => {
  it('signs a demo agent in and sets their status', async () => {
    const p = await page(agent);
    await p.goto(base);
    await p.getByLabel('Mail').fill(AGENT);
    await p.getByLabel('Password').fill('agent');
    await p.getByRole('button', { name: 'Sign in as agent' }).click();
    await p.getByRole('heading', { name: 'Agent desk', level: 1 }).waitFor();
    const pressed = () => p.locator('.status-choice[aria-pressed="true"] .choice-label').textContent();
    await expect.poll(pressed, WAIT).toBe('Free');
    await p.getByRole('button', { name: /^Rest/ }).click();
    await expect.poll(pressed, WAIT).toBe('Rest');
    await p.getByText('On a break: set your status to Free to take calls.').waitFor();
    await p.getByRole('button', { name: /^Free/ }).click();
    await expect.poll(pressed, WAIT).toBe('Free');
    await p.getByText('Waiting for a call…').waitFor();
  });

  it('shows the call connected to the agent, then the wrap-up and the way back to free', async () => {
    const p = await page(agent);
    const call = await rows.placed(campaignId, '+8613800138002', {
      uui: 'renewal-18',
      variables: [
        { Key: 'Name', Value: 'Li Lei' },
        { Key: 'Plan', Value: 'silver' },
      ],
    });
    await rows.connected(call, AGENT);
    await rows.agentStatus(ACME_APP, AGENT, 'busy');
    await p.getByRole('heading', { name: 'On a call' }).waitFor(WAIT);
    const details = p.locator('.call-details');
    await details.getByText('+8613800138002').waitFor();
    await details.getByText('Spring renewals').waitFor();
    await details.getByText('renewal-18').waitFor();
    await details.getByRole('table', { name: 'Call variables' }).getByText('silver').waitFor();
    await p.getByText(/Talking for \d+:\d\d/).waitFor();
    await p.screenshot({ path: 'docs/console-agent.png' });

    await rows.ended(call, 1);
    await rows.agentStatus(ACME_APP, AGENT, 'afterCallWork');
    await p.getByRole('heading', { name: 'Wrap-up' }).waitFor(WAIT);
    await p.getByText(/\d+ s left, then you are free/).waitFor();
    await p.getByText('Call ended: Connected.').waitFor();
    await p.getByRole('button', { name: 'Ready for the next call' }).click();
    await p.getByText('Waiting for a call…').waitFor(WAIT);
    const status = await server.runtime.database.db
      .selectFrom('staff')
      .select('status')
      .where('mail', '=', AGENT)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('free');
  });
});
