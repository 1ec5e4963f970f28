import { createHash, createHmac } from 'node:crypto';
import { hashPassword, verifyPassword } from '../domain/password.ts';

// Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

/** Spends the time of one password check, for a sign-in whose name matched nobody. */
export async function checkDecoyPassword(password: string): Promise<void> {
  decoyHash ??= hashPassword('decoy password, never matches');
  await verifyPassword(password, await decoyHash);
}

/** Fingerprint of the password a session was opened with: a new password ends old sessions. */
export function passwordTag(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

/**
 * Fingerprint of an access key's secret for a session opened with it: a new secret ends the old
 * sessions. Keyed with the server's session secret because, unlike a password hash, the secret is
 * stored as it is: a bare hash in a readable cookie would let its holder test guesses offline.
 */
export function secretTag(secretKey: string, sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update(secretKey).digest('base64url').slice(0, 22);
}
