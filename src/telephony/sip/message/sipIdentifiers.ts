/**
 * Fresh identifiers: Via branches (RFC 3261 §8.1.1.7, with the magic cookie that marks RFC 3261
 * transaction matching), From/To tags (§19.3) and Call-IDs (§8.1.1.4). at least 64 random bits each, so
 * that collisions stay negligible at thousands of calls a second (a 6-digit random branch, as some
 * stacks use, collides within a few thousand transactions).
 */
import { randomBytes } from 'node:crypto';

export const BRANCH_COOKIE = 'z9hG4bK';

export function newBranch(): string {
  return `${BRANCH_COOKIE}${randomBytes(12).toString('base64url')}`;
}

export function newTag(): string {
  return randomBytes(8).toString('hex');
}

export function newCallId(host: string): string {
  return `${randomBytes(12).toString('base64url')}@${host}`;
}
