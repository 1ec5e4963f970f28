/**
 * A mutual-exclusion lock granted in the order asked. Kysely's SQLite driver wakes every waiter
 * on each release and lets them race again (with 100 requests waiting, 100 wake-ups a query);
 * here a release hands the lock to exactly the next waiter.
 */
export class FifoLock {
  #held = false;
  readonly #waiters: Array<() => void> = [];

  get held(): boolean {
    return this.#held;
  }

  /** Whether someone is waiting for the lock. */
  get contended(): boolean {
    return this.#waiters.length > 0;
  }

  /** Takes the lock now if it is free (true), else does nothing (false). */
  tryAcquire(): boolean {
    if (this.#held) return false;
    this.#held = true;
    return true;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }
}
