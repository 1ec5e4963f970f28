import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/**
 * scrypt with a random salt, stored as `scrypt$<salt>$<hash>` (base64url). Like the check below it
 * runs on libuv's thread pool: tens of milliseconds on purpose, never on the event loop.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Whether `password` is the one `stored` was made from. On the thread pool, so that sign-in
 * attempts (anyone may make them) never hold the event loop that paces calls and answers the API.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** Whether `text` has the form hashPassword gives, so a mistyped hash is caught at start, not at sign-in. */
export function isPasswordHash(text: string): boolean {
  return /^scrypt\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/.test(text);
}
