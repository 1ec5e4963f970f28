/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one key (the caller's address
 * and the account tried) within `windowMs`, that key may not try again until the oldest failure
 * leaves the window. Successful sign-ins cost nothing.
 *
 * An attempt counts as failed from the moment it begins and is forgiven if it succeeds: checked
 * only after the password (tens of ms of scrypt), guesses sent together would all pass the check
 * before the first failure was counted.
 */
export class SignInThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}

  blocked(key: string, now: number): boolean {
    return this.#recent(key, now).length >= this.maxFailures;
  }

  /**
   * Begins an attempt: undefined if the key is blocked, else the function that forgives it (call
   * it when the sign-in succeeds; a failed one stays counted).
   */
  begin(key: string, now: number): (() => void) | undefined {
    if (this.blocked(key, now)) return undefined;
    this.failed(key, now);
    return () => {
      const times = this.#failures.get(key);
      const index = times?.lastIndexOf(now) ?? -1;
      if (index >= 0) times!.splice(index, 1);
    };
  }

  failed(key: string, now: number): void {
    const times = this.#recent(key, now);
    times.push(now);
    this.#failures.set(key, times);
    if (this.#failures.size > 10_000) this.#sweep(now);
  }

  #recent(key: string, now: number): number[] {
    return (this.#failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  #sweep(now: number): void {
    for (const [key, times] of this.#failures) {
      if ((times.at(-1) ?? 0) <= now - this.windowMs) this.#failures.delete(key);
    }
  }
}
