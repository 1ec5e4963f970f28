/**
 * When a console session ends before its twelve hours: signing out ends it for every copy of its
 * cookie, and a key whose secret changed ends the sessions opened with the old secret.
 */
import { expect, it } from 'vitest';
import { ACME_APP, ACME_KEY } from '../support/testServer.ts';
import { consoleSuite } from './consoleClient.ts';

const suite = consoleSuite();

/** A request with a given cookie, as a copy of it elsewhere would send it. */
const withCookie = (cookie: string, path: string) => fetch(`${suite.base}${path}`, { headers: { cookie } });

it('signs a session out for every copy of its cookie, and only that session', async () => {
  const c = suite.client();
  expect(
    (await c.call('POST', '/session/agent', { Mail: `agent1@${ACME_APP}.sim`, Password: 'agent' })).status,
  ).toBe(200);
  const copy = c.cookie;
  const other = suite.client();
  await other.call('POST', '/session/agent', { Mail: `agent1@${ACME_APP}.sim`, Password: 'agent' });
  expect((await withCookie(copy, '/session')).status).toBe(200);
  expect((await c.call('DELETE', '/session')).body).toEqual({ SignedOut: true });
  const replay = await withCookie(copy, '/session');
  expect(replay.status).toBe(401);
  expect(((await replay.json()) as { Error: { Message: string } }).Error.Message).toMatch(/signed out/);
  const hangUp = await fetch(`${suite.base}/agent/hangup`, {
    method: 'POST',
    headers: { cookie: copy, 'x-ccc-console': '1', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(hangUp.status).toBe(401);
  // The same agent's other session goes on.
  expect((await withCookie(other.cookie, '/session')).status).toBe(200);
});

it('signs a supervisor out on every route', async () => {
  const c = suite.client();
  await c.call('POST', '/session/supervisor', { SecretId: ACME_KEY.secretId, SecretKey: ACME_KEY.secretKey });
  const copy = c.cookie;
  expect((await withCookie(copy, `/apps/${ACME_APP}/campaigns`)).status).toBe(200);
  await c.call('DELETE', '/session');
  expect((await withCookie(copy, `/apps/${ACME_APP}/campaigns`)).status).toBe(401);
});

it("ends the sessions opened with a key's old secret when the secret changes", async () => {
  const c = suite.client();
  await c.call('POST', '/session/supervisor', { SecretId: ACME_KEY.secretId, SecretKey: ACME_KEY.secretKey });
  expect((await c.call('GET', '/session')).status).toBe(200);
  const { db } = suite.server.runtime.database;
  await db
    .updateTable('access_keys')
    .set({ secret_key: 'a new secret for the same SecretId' })
    .where('secret_id', '=', ACME_KEY.secretId)
    .execute();
  try {
    expect((await c.call('GET', '/session')).status).toBe(401);
    expect((await c.call('GET', `/apps/${ACME_APP}/campaigns`)).status).toBe(401);
  } finally {
    await db
      .updateTable('access_keys')
      .set({ secret_key: ACME_KEY.secretKey })
      .where('secret_id', '=', ACME_KEY.secretId)
      .execute();
  }
  // A session opened with the new secret works; the secret itself never appears in the cookie.
  await c.call('POST', '/session/supervisor', { SecretId: ACME_KEY.secretId, SecretKey: ACME_KEY.secretKey });
  expect((await c.call('GET', '/session')).status).toBe(200);
  expect(Buffer.from(c.cookie.split('=')[1]!.split('.')[0]!, 'base64url').toString()).not.toContain(
    ACME_KEY.secretKey,
  );
});
