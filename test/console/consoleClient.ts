import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.ts';

/** A browser-like client of the console's API: keeps the session cookie and sends the console's header. */
export function consoleClient(base: string) {
  let cookie = '';
  return {
    get cookie() {
      return cookie;
    },
    async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(method !== 'GET' ? { 'x-ccc-console': '1' } : {}),
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const setCookie = response.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0]!;
      const answer = (await response.json()) as any;
      return { status: response.status, headers: response.headers, body: answer };
    },
  };
}

/**
 * A test server of the suite's own, started before its tests and closed after them; `base` is its
 * console API and `client()` a fresh browser-like client of it.
 */
export function consoleSuite(overrides: Record<string, unknown> = {}) {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(overrides);
  });
  afterAll(async () => server?.close());
  const started = () => {
    if (!server) throw new Error('the suite has not started its server yet');
    return server;
  };
  return {
    get server() {
      return started();
    },
    get base() {
      return `http://${started().endpoint}/console/api`;
    },
    client: () => consoleClient(`http://${started().endpoint}/console/api`),
  };
}
