import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventStreams } from '../../src/console/eventStream.ts';
import { LiveFeeds } from '../../src/console/liveFeeds.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A browser's request and its response, as far as an event stream uses them. */
function connection() {
  const request = Object.assign(new EventEmitter(), { destroyed: false });
  const written: string[] = [];
  const response = Object.assign(new EventEmitter(), {
    destroyed: false,
    writeHead: () => response,
    write: (chunk: string) => written.push(chunk) > 0,
    end: () => written.push('<end>'),
  });
  return {
    request: { raw: request } as unknown as FastifyRequest,
    reply: { raw: response, hijack: () => {} } as unknown as FastifyReply,
    written,
    /** The browser goes away: Node destroys both and emits 'close' once. */
    hangUp() {
      request.destroyed = true;
      response.destroyed = true;
      request.emit('close');
      response.emit('close');
    },
  };
}

function campaignFeeds() {
  return new LiveFeeds<number>({
    load: async () => 1,
    intervalMs: 1000,
    historySize: 0,
    log: pino({ level: 'silent' }),
  });
}

/** What a live route does once its checks have passed: open, recheck, subscribe. */
function watch(streams: EventStreams, feeds: LiveFeeds<number>, c: ReturnType<typeof connection>) {
  const stream = streams.open(c.request, c.reply);
  stream.recheck(async () => {});
  stream.onClose(feeds.subscribe('7', (m) => m.type === 'snapshot' && stream.send('snapshot', m.data)));
  return stream;
}

describe('event streams', () => {
  it('ends at once, leaving no timer or subscription, when the browser left during the checks', async () => {
    const streams = new EventStreams();
    const feeds = campaignFeeds();
    const c = connection();
    // The hang-up comes while the route still awaits its database checks: 'close' has fired already.
    c.hangUp();
    watch(streams, feeds, c);
    await vi.advanceTimersByTimeAsync(0);
    expect(feeds.keys()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(c.written.filter((w) => w.startsWith('event:'))).toEqual([]);
  });
});
