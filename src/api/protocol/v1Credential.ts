import type { FormPair } from './formPairs.ts';

export type V1SignatureMethod = 'HmacSHA1' | 'HmacSHA256';

/** What a v1 request signs with and what it signed. */
export type V1Credential = {
  readonly signatureMethod: V1SignatureMethod;
  /** Base64, as sent. */
  readonly signature: string;
  /** Every decoded parameter but Signature — common ones included, since v1 signs them all. */
  readonly signedPairs: readonly FormPair[];
};
