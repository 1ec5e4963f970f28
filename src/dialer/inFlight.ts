/**
 * Counts the engine's asynchronous operations in flight, so the virtual clock can wait for them to
 * settle before advancing (and `stop()` for them to finish). `idle()` is undefined when nothing is
 * pending: the common case costs no promise at all.
 */
export class InFlight {
  private count = 0;
  /** Gets the rejection of any tracked work (the engine reports it; it never goes unhandled). */
  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  private waiter: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly done = (): void => {
    if (--this.count === 0 && this.wake) {
      const wake = this.wake;
      this.wake = undefined;
      this.waiter = undefined;
      wake();
    }
  };

  get pending(): number {
    return this.count;
  }

  /** Tracks a promise; a rejection goes to `onError`. No closure per call: this runs ~20 times a call. */
  track(work: Promise<unknown>): void {
    this.count++;
    work.then(this.done, this.failed);
  }

  private readonly failed = (error: unknown): void => {
    try {
      this.onError(error);
    } finally {
      this.done();
    }
  };

  /**
   * Leaves out of the count an operation that waits for a timer of the engine's clock (a retry's
   * pause): counted, it would hold a virtual clock still, the timer never due. Call it only from
   * tracked work; the function it returns counts the operation again.
   */
  park(): () => void {
    this.done();
    let parked = true;
    return () => {
      if (parked) {
        parked = false;
        this.count++;
      }
    };
  }

  idle(): Promise<void> | undefined {
    if (this.count === 0) return undefined;
    if (!this.waiter) {
      this.waiter = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    return this.waiter;
  }
}
