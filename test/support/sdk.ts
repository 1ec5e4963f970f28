import { createRequire } from 'node:module';

// Load only the CCC client and the common classes: the package's index loads every Tencent service.
const require = createRequire(import.meta.url);
const { Client } = require('tencentcloud-sdk-nodejs-intl-en/tencentcloud/ccc/v20200210/index.js');
const {
  ClientProfile,
  HttpProfile,
  Credential,
} = require('tencentcloud-sdk-nodejs-intl-en/tencentcloud/common/index.js');

export type SignMethod = 'TC3-HMAC-SHA256' | 'HmacSHA256' | 'HmacSHA1';

/** An error as the official SDK raises it. */
export interface SdkError extends Error {
  code?: string;
  requestId?: string;
}

type Call = (request: Record<string, unknown>) => Promise<Record<string, any> & { RequestId?: string }>;

/** The CCC actions this service implements, as methods of the SDK client. */
export type CccAction =
  | 'CreatePredictiveDialingCampaign'
  | 'DescribePredictiveDialingCampaign'
  | 'DescribePredictiveDialingCampaigns'
  | 'UpdatePredictiveDialingCampaign'
  | 'PausePredictiveDialingCampaign'
  | 'ResumePredictiveDialingCampaign'
  | 'AbortPredictiveDialingCampaign'
  | 'DeletePredictiveDialingCampaign'
  | 'DescribePredictiveDialingSessions'
  | 'DescribeNumbers'
  | 'CreateCCCSkillGroup'
  | 'DescribeSkillGroupInfoList'
  | 'UpdateCCCSkillGroup'
  | 'DeleteCCCSkillGroup'
  | 'CreateStaff'
  | 'DescribeStaffInfoList'
  | 'ModifyStaff'
  | 'DeleteStaff'
  | 'ModifyStaffPassword'
  | 'BindStaffSkillGroupList'
  | 'UnbindStaffSkillGroupList'
  | 'SetStaffStatus'
  | 'DescribeStaffStatusMetrics'
  | 'DescribeTelCdr'
  | 'DescribeTelSession'
  | 'DescribeSessionDetail'
  | 'DescribePSTNActiveSessionList'
  | 'HangUpCall';

export type CccSdk = { readonly [A in CccAction]: Call };

/**
 * The official Tencent Cloud Node SDK's CCC client, pointed at our server, with its callback methods
 * turned into promises: `await ccc.CreatePredictiveDialingCampaign({...})`.
 */
export function cccClient(
  endpoint: string,
  key: { secretId: string; secretKey: string },
  options: { signMethod?: SignMethod; reqMethod?: 'POST' | 'GET'; language?: 'en-US' | 'zh-CN' } = {},
): CccSdk {
  // The SDK itself always asks for en-US under v1; TC3 requests can carry X-TC-Language.
  const headers = options.language ? { 'X-TC-Language': options.language } : {};
  const httpProfile = new HttpProfile('http://', endpoint, options.reqMethod ?? 'POST', 10, headers);
  const profile = new ClientProfile(options.signMethod ?? 'TC3-HMAC-SHA256', httpProfile);
  const client = new Client(new Credential(key.secretId, key.secretKey), '', profile);
  return new Proxy({} as CccSdk, {
    get(_target, action: string) {
      const method = (
        client as unknown as Record<string, (req: unknown, cb: (e: unknown, r: unknown) => void) => void>
      )[action];
      if (typeof method !== 'function') throw new Error(`the SDK has no action ${action}`);
      return (request: Record<string, unknown>) =>
        new Promise((resolve, reject) => {
          method.call(client, request, (error, response) =>
            error ? reject(error) : resolve(response as never),
          );
        });
    },
  });
}

/** Runs an SDK call expected to fail and returns its error code. */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as SdkError).code ?? `no code: ${(error as Error).message}`;
  }
  return undefined;
}
