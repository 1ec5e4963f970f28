import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';
import { DEFAULT_TEST_POSTGRES_URL, postgresAnswers } from './test/support/postgresProbe.ts';

// Everything runs on SQLite; store suites also on PostgreSQL when it answers. The `postgres`
// project runs the API tests again on PostgreSQL (a representative set; all of them with
// CCC_TEST_PG_FULL=1, which `npm run test:pg` sets) and the multi-node tests, which need it.
// CCC_REQUIRE_POSTGRES=1 (.ci/run) turns an unreachable PostgreSQL into a failure, not a skip.
const PG_API_TESTS = [
  'test/api/gateway.test.ts',
  'test/api/campaigns/createCampaign.test.ts',
  'test/api/campaigns/campaignListing.test.ts',
  'test/api/campaigns/campaignLifecycle.test.ts',
  'test/api/directory/skillGroups.test.ts',
  'test/api/directory/staffStatus.test.ts',
  'test/api/sessions/telCdr.test.ts',
  'test/api/sessions/hangUpCall.test.ts',
  'test/dialer/demoFlowThroughSdk.test.ts',
];
const PG_FULL = [
  'test/api/**/*.test.ts',
  'test/console/consoleApi.test.ts',
  'test/console/operatorSignIn.test.ts',
  'test/commands/admin.test.ts',
  'test/dialer/demoFlowThroughSdk.test.ts',
];
const CLUSTER_TESTS = 'test/cluster/**/*.test.ts';

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const url = process.env.CCC_TEST_DATABASE_URL || DEFAULT_TEST_POSTGRES_URL;
  const reachable = await postgresAnswers(url);
  if (!reachable && process.env.CCC_REQUIRE_POSTGRES === '1') {
    throw new Error(`CCC_REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${url}`);
  }
  const env = reachable ? { CCC_TEST_POSTGRES_URL: url } : {};
  const full = process.env.CCC_TEST_PG_FULL === '1';
  const projects: TestProjectInlineConfiguration[] = [
    { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [CLUSTER_TESTS] } },
  ];
  if (reachable) {
    projects.push({
      extends: true,
      test: {
        name: 'postgres',
        // test:pg is every API test again; the multi-node tests ran in `npm test` already.
        include: full ? PG_FULL : [...PG_API_TESTS, CLUSTER_TESTS],
        env: { ...env, CCC_TEST_DATABASE: 'postgres' },
      },
    });
  }
  return {
    test: {
      testTimeout: 30_000,
      hookTimeout: 30_000,
      pool: 'forks',
      env,
      projects,
    },
  };
});
