import type { FastifyBaseLogger } from 'fastify';

export type FeedMessage<T, P> =
  | { readonly type: 'snapshot'; readonly data: T }
  | { readonly type: 'history'; readonly data: readonly P[] }
  | { readonly type: 'gone' };

export type FeedListener<T, P> = (message: FeedMessage<T, P>) => void;

export interface LiveFeedsOptions<T, P> {
  /** Reads the current picture of one subject (a campaign, an agent); undefined when it is gone. */
  load(key: string): Promise<T | undefined>;
  /** How often every watched subject is re-read (real time). */
  readonly intervalMs: number;
  /**
   * What of each frame is kept for a viewer who joins later, so charts do not start empty: a few
   * figures, not the frame (which lists agents and calls).
   */
  readonly point?: (frame: T) => P;
  /** Points kept per subject. */
  readonly historySize: number;
  readonly log: FastifyBaseLogger;
}

interface Feed<T, P> {
  readonly listeners: Set<FeedListener<T, P>>;
  readonly history: P[];
  readonly timer: NodeJS.Timeout;
  loading: boolean;
  again: boolean;
  poked: NodeJS.Timeout | undefined;
}

// A burst of engine events becomes one re-read, not one per event.
const POKE_DELAY_MS = 100;

/**
 * Live pictures of the subjects people are watching. One reader per subject, however many viewers
 * it has, re-read on a fixed beat and sooner when the notifier pokes it; nothing runs for subjects
 * nobody watches. The database is what is read, so a campaign dialed by another node shows too.
 */
export class LiveFeeds<T, P = never> {
  readonly #feeds = new Map<string, Feed<T, P>>();
  readonly #options: LiveFeedsOptions<T, P>;

  constructor(options: LiveFeedsOptions<T, P>) {
    this.#options = options;
  }

  /** Starts delivering frames of `key` to the listener; returns the way to stop. */
  subscribe(key: string, listener: FeedListener<T, P>): () => void {
    let feed = this.#feeds.get(key);
    if (!feed) {
      feed = {
        listeners: new Set(),
        history: [],
        timer: setInterval(() => this.#refresh(key), this.#options.intervalMs),
        loading: false,
        again: false,
        poked: undefined,
      };
      this.#feeds.set(key, feed);
    }
    if (feed.history.length > 0) listener({ type: 'history', data: [...feed.history] });
    feed.listeners.add(listener);
    this.#refresh(key);
    return () => {
      const current = this.#feeds.get(key);
      if (!current) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) this.#stop(key, current);
    };
  }

  /** Something changed for `key`: re-read it soon, if anyone watches. */
  poke(key: string): void {
    const feed = this.#feeds.get(key);
    if (!feed || feed.poked) return;
    feed.poked = setTimeout(() => {
      feed.poked = undefined;
      this.#refresh(key);
    }, POKE_DELAY_MS);
  }

  /** Keys being watched, for a notifier that cannot tell which ones an event concerns. */
  keys(): string[] {
    return [...this.#feeds.keys()];
  }

  /** Stops every feed (the server is closing). */
  close(): void {
    for (const [key, feed] of this.#feeds) this.#stop(key, feed);
  }

  #stop(key: string, feed: Feed<T, P>): void {
    clearInterval(feed.timer);
    if (feed.poked) clearTimeout(feed.poked);
    this.#feeds.delete(key);
  }

  #refresh(key: string): void {
    const feed = this.#feeds.get(key);
    if (!feed) return;
    if (feed.loading) {
      feed.again = true;
      return;
    }
    feed.loading = true;
    this.#options
      .load(key)
      .then((frame) => {
        if (this.#feeds.get(key) !== feed) return;
        if (frame === undefined) {
          for (const listener of feed.listeners) listener({ type: 'gone' });
          return;
        }
        const { point, historySize } = this.#options;
        if (point && historySize > 0) {
          feed.history.push(point(frame));
          if (feed.history.length > historySize) feed.history.shift();
        }
        for (const listener of feed.listeners) listener({ type: 'snapshot', data: frame });
      })
      .catch((error: unknown) =>
        this.#options.log.warn({ err: error, feed: key }, 'console feed read failed'),
      )
      .finally(() => {
        feed.loading = false;
        if (feed.again) {
          feed.again = false;
          this.#refresh(key);
        }
      });
  }
}
