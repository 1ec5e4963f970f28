import { randomBytes } from 'node:crypto';

/** A new API key pair, shaped like Tencent's: `AKID` and 32 hex digits, and a random secret. */
export function generateAccessKeyPair(): { secretId: string; secretKey: string } {
  return {
    secretId: `AKID${randomBytes(16).toString('hex')}`,
    secretKey: randomBytes(24).toString('base64url'),
  };
}
