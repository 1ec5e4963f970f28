/**
 * Records what the adapter reports for one call (the port's CallEvents), and lets a test await a
 * given event — always with a bound, so a missing event fails the test instead of hanging it.
 */
import type { CallEnd, CallEvents } from '../../../../src/telephony/telephony.ts';

export type RecordedEvent = 'ringing' | 'answered' | 'bridged' | 'ended';

export class CallRecorder implements CallEvents {
  readonly log: string[] = [];
  end: CallEnd | undefined;
  private readonly waiters: { event: RecordedEvent; resolve: () => void }[] = [];

  ringing(): void {
    this.record('ringing');
  }

  answered(): void {
    this.record('answered');
  }

  bridged(): void {
    this.record('bridged');
  }

  ended(end: CallEnd): void {
    if (this.end) throw new Error(`ended twice: ${JSON.stringify(this.end)} then ${JSON.stringify(end)}`);
    this.end = end;
    this.record('ended', `ended:${end.cause}:${end.side}`);
  }

  /** Resolves when `event` has happened (at once if it already has). */
  async next(event: RecordedEvent, timeoutMs = 10_000): Promise<void> {
    if (this.log.some((e) => e === event || e.startsWith(`${event}:`))) return;
    await within(
      new Promise<void>((resolve) => this.waiters.push({ event, resolve })),
      timeoutMs,
      `no ${event} event (so far: ${this.log.join(', ') || 'none'})`,
    );
  }

  private record(event: RecordedEvent, entry: string = event): void {
    this.log.push(entry);
    for (const w of this.waiters.filter((w) => w.event === event)) w.resolve();
  }
}

/** `promise`, or a rejection naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
