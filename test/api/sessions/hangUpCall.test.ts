import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/app.ts';
import type { EngineControl } from '../../../src/dialer/engineControl.ts';
import { type CccSdk, cccClient, errorCodeOf } from '../../support/sdk.ts';
import { ACME_APP, ACME_KEY, OTHER_APP, startTestServer, type TestServer } from '../../support/testServer.ts';
import { insertSession, liveRow } from './sessionRows.ts';

const T = Date.UTC(2025, 2, 10, 9, 0, 0);

// An engine that holds the calls listed in `held` and ends them when asked, as the real one would.
const held = new Set<string>();
const hungUp: string[] = [];
let server: TestServer;
const engine: EngineControl = {
  campaignChanged: () => {},
  staffChanged: () => {},
  hangUp: async (sessionId) => {
    if (!held.delete(sessionId)) return false;
    hungUp.push(sessionId);
    await server.runtime.database.db
      .updateTable('sessions')
      .set({ ended_ts: T + 30_000, session_status: 'finished', end_status: 1, hung_up_side: 'system' })
      .where('session_id', '=', sessionId)
      .execute();
    return true;
  },
};

let app: FastifyInstance;
let sdk: CccSdk;

beforeAll(async () => {
  server = await startTestServer();
  const { database, clock } = server.runtime;
  app = buildApp({
    services: { db: database.db, dialect: database.dialect, clock, config: server.config, engine },
    logger: pino({ level: 'silent' }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  sdk = cccClient(`127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, ACME_KEY);
});
afterAll(async () => {
  await app.close();
  await server.close();
});

describe('HangUpCall', () => {
  it('has the engine end a live call, after which the session is finished', async () => {
    const sessionId = await insertSession(server.runtime.database.db, liveRow(T));
    held.add(sessionId);
    await sdk.HangUpCall({ SdkAppId: ACME_APP, SessionId: sessionId });
    expect(hungUp).toContain(sessionId);
    const { Session } = await sdk.DescribeTelSession({ SdkAppId: ACME_APP, SessionId: sessionId });
    expect(Session.SessionStatus).toBe('finished');
  });

  it('refuses a finished call with FailedOperation naming its status', async () => {
    const sessionId = await insertSession(server.runtime.database.db, { start_ts: T });
    try {
      await sdk.HangUpCall({ SdkAppId: ACME_APP, SessionId: sessionId });
      expect.unreachable();
    } catch (error) {
      expect((error as { code?: string }).code).toBe('FailedOperation');
      expect((error as Error).message).toContain('finished');
    }
  });

  it('refuses a live call that no dialer holds', async () => {
    const sessionId = await insertSession(server.runtime.database.db, liveRow(T));
    expect(await errorCodeOf(sdk.HangUpCall({ SdkAppId: ACME_APP, SessionId: sessionId }))).toBe(
      'FailedOperation',
    );
  });

  it("answers an unknown session and another tenant's alike, without touching the call", async () => {
    const theirs = await insertSession(server.runtime.database.db, { ...liveRow(T), sdk_app_id: OTHER_APP });
    held.add(theirs);
    expect(await errorCodeOf(sdk.HangUpCall({ SdkAppId: ACME_APP, SessionId: theirs }))).toBe(
      'FailedOperation.SessionNotExists',
    );
    expect(await errorCodeOf(sdk.HangUpCall({ SdkAppId: ACME_APP, SessionId: 'no-such-session' }))).toBe(
      'FailedOperation.SessionNotExists',
    );
    expect(hungUp).not.toContain(theirs);
  });
});
