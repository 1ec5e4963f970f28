/**
 * The console runs API actions under the API's own rate limit, counted together with the account's
 * signed requests: a supervisor cannot get past CCC_RATE_LIMIT by clicking.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACME_APP, ACME_KEY, startTestServer, type TestServer } from '../support/testServer.ts';
import { consoleClient } from './consoleClient.ts';

let server: TestServer;
let console_: ReturnType<typeof consoleClient>;

beforeAll(async () => {
  server = await startTestServer({ rateLimit: 2 });
  console_ = consoleClient(`http://${server.endpoint}/console/api`);
  const signIn = await console_.call('POST', '/session/supervisor', {
    SecretId: ACME_KEY.secretId,
    SecretKey: ACME_KEY.secretKey,
  });
  expect(signIn.status).toBe(200);
});
afterAll(async () => server.close());

const describeCampaigns = () =>
  console_.call('POST', '/actions/DescribePredictiveDialingCampaigns', {
    SdkAppId: ACME_APP,
    PageSize: 10,
    PageNumber: 0,
  });

it('refuses console actions past the limit with RequestLimitExceeded', async () => {
  const answers = await Promise.all(Array.from({ length: 20 }, describeCampaigns));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
  const refused = answers.filter((a) => a.status === 429);
  expect(refused).toHaveLength(18);
  expect(refused[0]!.body.Error.Code).toBe('RequestLimitExceeded');
});

it('counts the console and the API together', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const sdk = server.sdk();
  for (let i = 0; i < 2; i++)
    await sdk.DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0 });
  expect((await describeCampaigns()).status).toBe(429);
});
