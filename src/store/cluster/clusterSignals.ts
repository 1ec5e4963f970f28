/**
 * Nudges between the nodes of one cluster, over PostgreSQL's LISTEN/NOTIFY: the node that served
 * an API call tells the others that a campaign or an agent changed (the campaign's owner reloads it
 * at once rather than at its next refresh), or that a HangUpCall waits for them.
 *
 * Best effort: a nudge lost while a listener reconnects costs only time, since every node also
 * polls what the nudges point at (campaigns and agents at each engine refresh, hang-up requests at
 * each lease round). The channel is named after the schema, so clusters on one database in
 * different schemas (tests) do not hear each other.
 */
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { EngineNudge } from '../../dialer/leases/clusterEngineControl.ts';
import type { Database } from '../schema.ts';

export type ClusterSignal = EngineNudge;

export interface ClusterSignals {
  /** Tells the other nodes; never rejects (a failure is logged). */
  send(signal: ClusterSignal): Promise<void>;
  close(): Promise<void>;
}

export interface ClusterSignalsOptions {
  readonly db: Kysely<Database>;
  readonly url: string;
  readonly nodeId: string;
  readonly onSignal: (signal: ClusterSignal) => void;
  readonly logger: Logger;
}

/** How long a lost listener waits before connecting again. */
const RECONNECT_MS = 1000;

export async function openClusterSignals(options: ClusterSignalsOptions): Promise<ClusterSignals> {
  const { db, logger } = options;
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public';
  const channel = `ccc_${schema.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const listen = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });
    next.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      try {
        const { from, ...signal } = JSON.parse(message.payload) as ClusterSignal & { from: string };
        if (from !== options.nodeId) options.onSignal(signal as ClusterSignal);
      } catch (error) {
        logger.warn({ err: error }, 'unreadable cluster signal');
      }
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'cluster signal listener lost; reconnecting');
      lost(next);
    });
    next.on('end', () => lost(next));
    client = next;
    await next.connect();
    await next.query(`LISTEN "${channel}"`);
  };
  const listenLater = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      listen().catch((error) => {
        logger.warn({ err: error }, 'cluster signal listener cannot connect');
        if (client) lost(client);
        else listenLater();
      });
    }, RECONNECT_MS);
  };
  const lost = (gone: pg.Client) => {
    if (client !== gone) return;
    client = undefined;
    void gone.end().catch(() => {});
    listenLater();
  };
  await listen();

  return {
    async send(signal) {
      const payload = JSON.stringify({ from: options.nodeId, ...signal });
      await sql`select pg_notify(${channel}, ${payload})`
        .execute(db)
        .catch((error) => logger.warn({ err: error, signal: signal.kind }, 'could not signal the cluster'));
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}
