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

/** The refusal of a request over the limit, the same through the API and the console. */
export function requestLimitExceeded(action: string, limit: number): Failure {
  return new Failure(ErrorCode.RequestLimitExceeded, {
    en: `Too many requests to ${action}: the limit is ${limit} per second.`,
    zh: `${action} 请求过于频繁：上限为每秒 ${limit} 次。`,
  });
}
