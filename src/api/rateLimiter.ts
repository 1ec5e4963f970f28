import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';

/**
 * Sliding-window request limit: at most `limit` requests in any `windowMs`, per key (account and
 * action). A fixed one-second bucket would let a burst straddling the boundary pass twice the limit.
 */
export interface RateLimiter {
  /** Records the request and answers whether it is within the limit. */
  allow(key: string, nowMs: number): boolean | Promise<boolean>;
}

export function slidingWindowLimiter(limit: number, windowMs = 1000): RateLimiter {
  const recent = new Map<string, number[]>();
  let lastSweep = 0;
  return {
    allow(key, nowMs) {
      if (nowMs - lastSweep > 10 * windowMs) {
        // Forget idle keys so the map does not grow with every account that ever called.
        for (const [k, times] of recent) if ((times.at(-1) ?? 0) <= nowMs - windowMs) recent.delete(k);
        lastSweep = nowMs;
      }
      let times = recent.get(key);
      if (!times) {
        times = [];
        recent.set(key, times);
      }
      while (times.length > 0 && times[0]! <= nowMs - windowMs) times.shift();
      if (times.length >= limit) return false;
      times.push(nowMs);
      return true;
    },
  };
}

/**
 * Counts a call of `accountId` to `action` against the limit, and refuses it when over. The API
 * and the console both count through here, so that they share one key per account and action.
 */
export async function requireWithinLimit(
  limiter: RateLimiter,
  accountId: string,
  action: string,
  limit: number,
  now: number,
): Promise<void> {
  if (!(await limiter.allow(`${accountId}:${action}`, now))) {
    throw new Failure(ErrorCode.RequestLimitExceeded, {
      en: `Too many requests to ${action}: the limit is ${limit} per second.`,
      zh: `${action} 请求过于频繁：上限为每秒 ${limit} 次。`,
    });
  }
}
