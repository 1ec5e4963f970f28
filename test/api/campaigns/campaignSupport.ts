import { createRequire } from 'node:module';
import type { LimitsConfig } from '../../../src/config.ts';
import type { SdkError } from '../../support/sdk.ts';
import { ACME_APP, ACME_KEY, type TestServer, testApplications } from '../../support/testServer.ts';

const require = createRequire(import.meta.url);
const { Client } = require('tencentcloud-sdk-nodejs-intl-en/tencentcloud/ccc/v20200210/index.js');
const {
  ClientProfile,
  HttpProfile,
  Credential,
} = require('tencentcloud-sdk-nodejs-intl-en/tencentcloud/common/index.js');

/** The test tenants, ACME's limits changed: most files create more campaigns than its 5 live ones. */
export function acmeWithLimits(limits: LimitsConfig) {
  return {
    applications: testApplications().map((app) =>
      app.sdkAppId === ACME_APP ? { ...app, limits: { ...app.limits, ...limits } } : app,
    ),
  };
}

/** The seed's example request, its times moved into the future (relative to `nowS`). */
export function seedExample(nowS: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SdkAppId: ACME_APP,
    Name: 'New energy SUV recommendation',
    Callees: ['+8613012345678', '+8613012345679', '+8613012345670'],
    Callers: ['0086075586013388'],
    CallOrder: 0,
    SkillGroupId: 255,
    IVRId: 4600,
    Priority: 3,
    ExpectedAbandonRate: 10,
    RetryTimes: 1,
    RetryInterval: 1800,
    StartTime: nowS + 3600,
    EndTime: nowS + 7200,
    ...overrides,
  };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A refused SDK call's code and message. */
export async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as SdkError;
    return { code: e.code ?? `no code: ${e.message}`, message: e.message };
  }
  throw new Error('the call succeeded');
}

type Response = Record<string, any>;

/**
 * The whole `Response` object of an action, sent and signed by the official SDK. The SDK's own
 * response classes keep only the fields they declare (DescribePredictiveDialingCampaignResponse
 * stops at EndTime), so the fields that are ours (Status, Variables, TimeZone…) are read here.
 */
export function rawCall(
  server: TestServer,
  action: string,
  request: Record<string, unknown>,
  key = ACME_KEY,
): Promise<Response> {
  const profile = new ClientProfile(
    'TC3-HMAC-SHA256',
    new HttpProfile('http://', server.endpoint, 'POST', 10),
  );
  const client = new Client(new Credential(key.secretId, key.secretKey), '', profile);
  let response: Response = {};
  const capture = {
    deserialize(data: Response) {
      response = data;
    },
  };
  return new Promise((resolve, reject) => {
    client.request(action, request, capture, (error: unknown) => (error ? reject(error) : resolve(response)));
  });
}

/** Puts a campaign in a status the engine would have moved it to (there is no engine in these tests). */
export async function forceStatus(server: TestServer, campaignId: number, status: number): Promise<void> {
  await server.runtime.database.db
    .updateTable('campaigns')
    .set({ status })
    .where('campaign_id', '=', campaignId)
    .execute();
}
