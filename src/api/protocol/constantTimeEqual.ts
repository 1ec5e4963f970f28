import { timingSafeEqual } from 'node:crypto';

/**
 * Compares a computed signature with the one sent without leaking, through timing, how long a
 * prefix matched. Lengths are public (every valid signature has the same), so a length mismatch
 * may answer at once.
 */
export function constantTimeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
