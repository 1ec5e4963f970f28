import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { OperatorConfig } from '../../src/operatorsConfig.ts';
import { createRuntime } from '../../src/runtime.ts';
import { provisionOperators } from '../../src/store/provisionOperators.ts';
import {
  ACME_APP,
  ACME_KEY,
  ACME_OPERATOR,
  OTHER_APP,
  OTHER_OPERATOR,
  startTestServer,
  type TestServer,
  testApplications,
  testOperators,
} from '../support/testServer.ts';
import { consoleClient } from './consoleClient.ts';

/**
 * Supervisors signing in to the console as operators of the config, not with API keys: what they
 * see is what a key of their account would see, and a config that changes ends their sessions.
 */

let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startTestServer({ operators: testOperators() });
  base = `http://${server.endpoint}/console/api`;
});
afterAll(async () => server.close());

async function signIn(name: string, password: string) {
  const c = consoleClient(base);
  const answer = await c.call('POST', '/session/operator', { Name: name, Password: password });
  return { c, answer };
}

/** What a restart with this config's operators does to the database. */
const reprovision = (operators: OperatorConfig[]) =>
  provisionOperators(server.runtime.database.db, operators, server.runtime.clock.now());

describe('operator sign-in', () => {
  it('opens a supervisor session on the operator’s account, with its applications only', async () => {
    const { c, answer } = await signIn(ACME_OPERATOR.name, ACME_OPERATOR.password);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      Kind: 'supervisor',
      Operator: ACME_OPERATOR.name,
      Apps: [{ SdkAppId: ACME_APP, Name: 'ACME' }],
    });
    expect(answer.body.SecretId).toBeUndefined();
    expect(answer.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await c.call('GET', '/session')).body.Operator).toBe(ACME_OPERATOR.name);
    const campaigns = await c.call('GET', `/apps/${ACME_APP}/campaigns`);
    expect(campaigns.status).toBe(200);
    const action = await c.call('POST', '/actions/DescribeNumbers', { SdkAppId: ACME_APP });
    expect(action.status).toBe(200);
    expect(action.body.TotalCount).toBe(2);
  });

  it('signs in with a hashed password, and sees the other account only', async () => {
    const { c, answer } = await signIn(OTHER_OPERATOR.name, OTHER_OPERATOR.password);
    expect(answer.status).toBe(200);
    expect(answer.body.Apps).toEqual([{ SdkAppId: OTHER_APP, Name: 'Other tenant' }]);
    const foreign = await c.call('GET', `/apps/${ACME_APP}/campaigns`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.Error.Code).toBe('InvalidParameterValue.InstanceNotExist');
    const action = await c.call('POST', '/actions/DescribeNumbers', { SdkAppId: ACME_APP });
    expect(action.body.Error.Code).toBe('InvalidParameterValue.InstanceNotExist');
  });

  it('refuses a wrong password and an unknown name alike, without a session', async () => {
    const wrong = await signIn(ACME_OPERATOR.name, 'not the password');
    expect(wrong.answer.status).toBe(401);
    expect(wrong.answer.body.Error.Message).toBe('Unknown operator or wrong password.');
    expect(wrong.answer.headers.get('set-cookie')).toBeNull();
    const unknown = await signIn('nobody', ACME_OPERATOR.password);
    expect(unknown.answer.status).toBe(401);
    expect(unknown.answer.body.Error).toEqual(wrong.answer.body.Error);
    // Another operator's password is no key to this one.
    const crossed = await signIn(ACME_OPERATOR.name, OTHER_OPERATOR.password);
    expect(crossed.answer.body.Error).toEqual(wrong.answer.body.Error);
    expect((await wrong.c.call('GET', '/session')).status).toBe(401);
  });

  it('refuses a malformed body as the other sign-ins do', async () => {
    const c = consoleClient(base);
    const answer = await c.call('POST', '/session/operator', { Name: ACME_OPERATOR.name });
    expect(answer.status).toBe(400);
    const extra = await c.call('POST', '/session/operator', { ...ACME_OPERATOR, Name: 'x', Extra: 1 });
    expect(extra.status).toBe(400);
  });

  it('stops guessing after ten wrong passwords for one operator', async () => {
    const target = 'throttled-operator';
    await reprovision([...testOperators(), { name: target, account: 'acme', password: 'right password' }]);
    for (let i = 0; i < 10; i++) {
      expect((await signIn(target, `guess${i}`)).answer.status).toBe(401);
    }
    expect((await signIn(target, 'right password')).answer.status).toBe(429);
    // Key sign-in from the same address is not locked out.
    const key = await consoleClient(base).call('POST', '/session/supervisor', {
      SecretId: ACME_KEY.secretId,
      SecretKey: ACME_KEY.secretKey,
    });
    expect(key.status).toBe(200);
    await reprovision(testOperators());
  });
});

describe('an operator session after the config changed', () => {
  it('survives a restart with the same plain password', async () => {
    const { c } = await signIn(ACME_OPERATOR.name, ACME_OPERATOR.password);
    await reprovision(testOperators());
    expect((await c.call('GET', '/session')).status).toBe(200);
  });

  it('ends when the operator is removed from the config', async () => {
    const { c } = await signIn(ACME_OPERATOR.name, ACME_OPERATOR.password);
    await reprovision(testOperators().filter((o) => o.name !== ACME_OPERATOR.name));
    try {
      const after = await c.call('GET', `/apps/${ACME_APP}/campaigns`);
      expect(after.status).toBe(401);
      expect(after.body.Error.Message).toMatch(/sign in again/);
      expect((await signIn(ACME_OPERATOR.name, ACME_OPERATOR.password)).answer.status).toBe(401);
    } finally {
      await reprovision(testOperators());
    }
  });

  it('ends when the operator moves to another account, or gets another password', async () => {
    const moved = await signIn(ACME_OPERATOR.name, ACME_OPERATOR.password);
    const renewed = await signIn(ACME_OPERATOR.name, ACME_OPERATOR.password);
    const operators = testOperators();
    try {
      await reprovision(
        operators.map((o) => (o.name === ACME_OPERATOR.name ? { ...o, account: 'other' } : o)),
      );
      expect((await moved.c.call('GET', '/session')).status).toBe(401);
      await reprovision(
        operators.map((o) => (o.name === ACME_OPERATOR.name ? { ...o, password: 'new one' } : o)),
      );
      expect((await renewed.c.call('GET', '/session')).status).toBe(401);
      expect((await signIn(ACME_OPERATOR.name, 'new one')).answer.status).toBe(200);
    } finally {
      await reprovision(testOperators());
    }
  });

  it('leaves key sessions as they were', async () => {
    const c = consoleClient(base);
    await c.call('POST', '/session/supervisor', {
      SecretId: ACME_KEY.secretId,
      SecretKey: ACME_KEY.secretKey,
    });
    await reprovision([]);
    try {
      const session = await c.call('GET', '/session');
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ SecretId: ACME_KEY.secretId });
      expect(session.body.Operator).toBeUndefined();
    } finally {
      await reprovision(testOperators());
    }
  });
});

describe('a restart with an operator removed from the config file', () => {
  it('ends the operator’s session, and warns at start while a plain password is in the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-operators-'));
    const file = path.join(dir, 'ccc-dialer.config.json');
    const warnings: string[] = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line).msg as string) },
    );
    const start = async (operators: OperatorConfig[]) => {
      writeFileSync(file, JSON.stringify({ applications: testApplications(), operators }));
      const runtime = await createRuntime(loadConfig({ CCC_CONFIG: file }, { dataDir: dir, port: 0 }, dir), {
        logger,
      });
      await runtime.app.listen({ port: 0, host: '127.0.0.1' });
      const address = runtime.app.server.address();
      return {
        runtime,
        base: `http://127.0.0.1:${typeof address === 'object' && address?.port}/console/api`,
      };
    };
    try {
      const first = await start(testOperators());
      expect(warnings.filter((w) => /plain-text operator password/.test(w))).toHaveLength(1);
      const c = consoleClient(first.base);
      expect(
        (
          await c.call('POST', '/session/operator', {
            Name: ACME_OPERATOR.name,
            Password: ACME_OPERATOR.password,
          })
        ).status,
      ).toBe(200);
      const kept = consoleClient(first.base);
      await kept.call('POST', '/session/operator', {
        Name: OTHER_OPERATOR.name,
        Password: OTHER_OPERATOR.password,
      });
      await first.runtime.close();

      const second = await start(testOperators().filter((o) => o.name !== ACME_OPERATOR.name));
      try {
        expect(warnings.filter((w) => /plain-text operator password/.test(w))).toHaveLength(1);
        // The same browser, against the restarted server (another port, the same cookie).
        const again = consoleClient(second.base);
        const session = await again.call('GET', '/session', undefined, { cookie: c.cookie });
        expect(session.status).toBe(401);
        const still = await again.call('GET', '/session', undefined, { cookie: kept.cookie });
        expect(still.body).toMatchObject({ Kind: 'supervisor', Operator: OTHER_OPERATOR.name });
      } finally {
        await second.runtime.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
