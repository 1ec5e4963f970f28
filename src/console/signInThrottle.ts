/**
 * Slows password guessing: after `maxFailures` failed sign-ins from one address within `windowMs`,
 * that address may not try again until the oldest failure leaves the window. Successful sign-ins
 * cost nothing, so a busy office behind one address is not locked out by its own people.
 */
export class SignInThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}

  blocked(address: string, now: number): boolean {
    return this.#recent(address, now).length >= this.maxFailures;
  }

  failed(address: string, now: number): void {
    const times = this.#recent(address, now);
    times.push(now);
    this.#failures.set(address, times);
    if (this.#failures.size > 10_000) this.#sweep(now);
  }

  #recent(address: string, now: number): number[] {
    return (this.#failures.get(address) ?? []).filter((t) => t > now - this.windowMs);
  }

  #sweep(now: number): void {
    for (const [address, times] of this.#failures) {
      if ((times.at(-1) ?? 0) <= now - this.windowMs) this.#failures.delete(address);
    }
  }
}
