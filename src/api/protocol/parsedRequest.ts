import type { Language } from './language.ts';
import type { Tc3Authorization } from './tc3Authorization.ts';
import type { V1Credential } from './v1Credential.ts';

/** What every scheme yields: enough to route, authenticate and answer in the right language. */
type ParsedCommon = {
  readonly action: string;
  readonly version: string;
  /** Absent when the client sent none, '' or the Node SDK's literal `null`. */
  readonly region?: string;
  readonly language: Language;
  readonly token?: string;
  readonly requestClient?: string;
  readonly secretId: string;
  /** Unix seconds, as claimed by the client (X-TC-Timestamp or the v1 Timestamp parameter). */
  readonly timestamp: number;
  /** Business parameters only, nested (see unflattenParams). */
  readonly params: Record<string, unknown>;
  /** True when every leaf is a string (v1, TC3 GET): coerce against the action's schema first. */
  readonly paramsAreStrings: boolean;
};

export type Tc3Request = ParsedCommon & {
  readonly scheme: 'TC3';
  readonly authorization: Tc3Authorization;
  /** X-TC-Timestamp exactly as sent: the string to sign carries the text, not the number. */
  readonly timestampText: string;
};

export type V1Request = ParsedCommon & {
  readonly scheme: 'v1';
  readonly credential: V1Credential;
};

export type ParsedRequest = Tc3Request | V1Request;
