/**
 * The console's second guard against cross-site requests: a request that changes something must
 * carry X-CCC-Console, whichever way its path is spelled — the router decodes `%61` into `a`.
 */
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACME_APP, ACME_KEY, startTestServer, type TestServer } from '../support/testServer.ts';
import { consoleClient } from './consoleClient.ts';

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  const c = consoleClient(`http://${server.endpoint}/console/api`);
  const signIn = await c.call('POST', '/session/supervisor', {
    SecretId: ACME_KEY.secretId,
    SecretKey: ACME_KEY.secretKey,
  });
  expect(signIn.status).toBe(200);
  cookie = c.cookie;
});
afterAll(async () => server.close());

/** A request with the path exactly as given (fetch would normalise it) and the session cookie. */
function raw(
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; cacheControl?: string }> {
  const [host, port] = server.endpoint.split(':');
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host, port: Number(port), method, path, headers: { cookie, 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode!, cacheControl: response.headers['cache-control'] }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

it('refuses a change without the header under every spelling of the API path', async () => {
  const body = JSON.stringify({ SdkAppId: ACME_APP, Name: 'from another site', SkillGroupType: 0 });
  for (const path of [
    '/console/api/actions/CreateCCCSkillGroup',
    '/console/%61pi/actions/CreateCCCSkillGroup',
    '/%63onsole/api/actions/CreateCCCSkillGroup',
    '/console/api/actions/%43reateCCCSkillGroup',
  ]) {
    expect((await raw('POST', path, body)).status, path).toBe(403);
  }
  expect((await raw('DELETE', '/console/%61pi/session')).status).toBe(403);
  const groups = await server
    .sdk()
    .DescribeSkillGroupInfoList({ SdkAppId: ACME_APP, PageSize: 100, PageNumber: 0 });
  expect(groups.SkillGroupList?.map((g: { SkillGroupName?: string }) => g.SkillGroupName)).not.toContain(
    'from another site',
  );
});

it('marks every API answer not to be cached, however its path is spelled', async () => {
  expect((await raw('GET', '/console/%61pi/session')).cacheControl).toBe('no-store');
});
