import type { FastifyReply, FastifyRequest } from 'fastify';

/** A server-sent event stream to one browser. */
export interface EventStream {
  /** Sends one event; dropped while the browser is not keeping up (the next frame supersedes it). */
  send(event: string, data: unknown): void;
  close(): void;
  onClose(fn: () => void): void;
  /**
   * Re-checks, every half minute, that the viewer may still watch (the session is valid, its key
   * still enabled, the subject still theirs); ends the stream when not. The browser then reconnects
   * and is refused, as any other console call would be.
   */
  recheck(check: () => Promise<void>): void;
}

const HEARTBEAT_MS = 15_000;
const RECHECK_MS = 30_000;

/**
 * The server's open event streams, so a closing server can end them instead of waiting on them.
 */
export class EventStreams {
  readonly #open = new Set<EventStream>();

  /**
   * Takes the response over for server-sent events. A comment line every 15 s keeps proxies from
   * timing the connection out; the browser's EventSource reconnects by itself if it drops.
   */
  open(request: FastifyRequest, reply: FastifyReply): EventStream {
    const stream = openEventStream(request, reply);
    this.#open.add(stream);
    stream.onClose(() => this.#open.delete(stream));
    return stream;
  }

  closeAll(): void {
    for (const stream of [...this.#open]) stream.close();
  }
}

function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const res = reply.raw;
  let congested = false;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const closers: (() => void)[] = [];
  const stream: EventStream = {
    send(event, data) {
      if (closed || congested) return;
      congested = !res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      for (const fn of closers.splice(0)) fn();
      if (!res.destroyed) res.end();
    },
    onClose(fn) {
      // A stream that is already over must still release what its route attaches after opening.
      if (closed) fn();
      else closers.push(fn);
    },
    recheck(check) {
      if (closed) return;
      const timer = setInterval(() => {
        check().catch(() => stream.close());
      }, RECHECK_MS);
      closers.push(() => clearInterval(timer));
    },
  };
  // Routes open the stream only after awaiting their checks; a browser that hung up meanwhile has
  // fired 'close' already, and waiting for it would keep the stream, its timers and feed forever.
  if (request.raw.destroyed || res.destroyed) {
    stream.close();
    return stream;
  }
  request.raw.on('close', () => stream.close());
  res.on('close', () => stream.close());
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx buffers responses unless told not to, which would hold the frames back.
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  res.write('retry: 2000\n\n');
  heartbeat = setInterval(() => {
    if (!congested) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  res.on('drain', () => {
    congested = false;
  });
  return stream;
}
