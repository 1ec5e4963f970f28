import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type ApplicationConfig, type Config, loadConfig } from '../../src/config.ts';
import type { OperatorConfig } from '../../src/operatorsConfig.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.ts';
import { cccClient, type SignMethod } from './sdk.ts';
import { apiBackend, dropSchema, postgresLocation } from './testDatabase.ts';

export const ACME_APP = 1400000000;
export const OTHER_APP = 1400000009;
export const ACME_KEY = {
  secretId: 'AKIDacmeacmeacmeacmeacmeacme0001',
  secretKey: 'acmesecretacmesecretacmesecret01',
};
export const OTHER_KEY = {
  secretId: 'AKIDotherotherotherotherother0002',
  secretKey: 'othersecretothersecretothersec02',
};

/** The tenants every API test starts with: ACME (the seed's numbers, IVR 4600, group 255) and another. */
export function testApplications(): ApplicationConfig[] {
  return [
    {
      sdkAppId: ACME_APP,
      name: 'ACME',
      account: 'acme',
      keys: [ACME_KEY],
      numbers: [
        { number: '0086075586013388', state: 1, callOutSkillGroupIds: [255] },
        { number: '0086075586013399', state: 2 },
      ],
      ivrs: [{ ivrId: 4600, name: 'Busy message' }],
      skillGroups: [{ skillGroupId: 255, name: 'Outbound sales', type: 0, maxConcurrency: 1 }],
      simulatedAgents: { skillGroupId: 255, count: 3 },
      limits: { maxCalleesPerCampaign: 1000, maxLiveCampaigns: 5 },
    },
    {
      sdkAppId: OTHER_APP,
      name: 'Other tenant',
      account: 'other',
      keys: [OTHER_KEY],
      numbers: [{ number: '+14155550123', state: 1 }],
      ivrs: [{ ivrId: 7000, name: 'Other IVR' }],
      skillGroups: [{ skillGroupId: 900, name: 'Other group', type: 0 }],
    },
  ];
}

/** Console operators of the two tenants; a test server has them when asked: `{ operators: testOperators() }`. */
export const ACME_OPERATOR = { name: 'acme-supervisor', password: 'acme-operator-password' };
export const OTHER_OPERATOR = { name: 'other-supervisor', password: 'other-operator-password' };

// OTHER_OPERATOR's password as `admin operator hash` prints it, as a config file holds it.
const OTHER_OPERATOR_HASH = 'scrypt$R51E_vNJ3NScORR1uYIxqQ$kexQtUNQzWbGzpmL7iPv_xWQOoGzqxfCxOf0Gm758ms';

export function testOperators(): OperatorConfig[] {
  return [
    // One plain password, as a demo has, and one hashed, as production should.
    { ...ACME_OPERATOR, account: 'acme' },
    { name: OTHER_OPERATOR.name, account: 'other', passwordHash: OTHER_OPERATOR_HASH },
  ];
}

export interface TestServer {
  readonly runtime: Runtime;
  readonly endpoint: string;
  readonly config: Config;
  /** The official SDK's CCC client signed with ACME's key (or the one given). */
  sdk(options?: {
    signMethod?: SignMethod;
    reqMethod?: 'POST' | 'GET';
    key?: typeof ACME_KEY;
    language?: 'en-US' | 'zh-CN';
  }): ReturnType<typeof cccClient>;
  close(): Promise<void>;
}

/**
 * A real server on a loopback port, with a fresh database of its own: SQLite, or a new PostgreSQL
 * schema when CCC_TEST_DATABASE=postgres (see testDatabase.ts).
 */
export async function startTestServer(
  overrides: Record<string, unknown> = {},
  runtimeOptions: RuntimeOptions & { dialing?: boolean } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ccc-test-'));
  const pg = apiBackend() === 'postgres' ? postgresLocation('api') : undefined;
  const config = loadConfig(
    {},
    {
      dataDir,
      port: 0,
      rateLimit: 0,
      applications: testApplications(),
      ...(pg ? { databaseUrl: pg.url, databaseSchema: pg.schema } : {}),
      ...overrides,
    },
    dataDir,
  );
  // One server per test, alone on its database: leases and the cluster are the multi-node tests'.
  const runtime = await createRuntime(config, {
    logger: pino({ level: 'silent' }),
    singleNode: true,
    ...runtimeOptions,
  });
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  // The engine runs only where a test asks for it: API tests set campaign statuses by hand.
  if (runtimeOptions.dialing) await runtime.start();
  const address = runtime.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const endpoint = `127.0.0.1:${port}`;
  return {
    runtime,
    endpoint,
    config,
    sdk: (options = {}) =>
      cccClient(endpoint, options.key ?? ACME_KEY, {
        ...(options.signMethod ? { signMethod: options.signMethod } : {}),
        ...(options.reqMethod ? { reqMethod: options.reqMethod } : {}),
        ...(options.language ? { language: options.language } : {}),
      }),
    async close() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (pg) await dropSchema(pg.url, pg.schema);
    },
  };
}
