import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Insertable, type Kysely, PostgresAdapter, sql } from 'kysely';
import type { CalleeAttribute } from '../../domain/campaign/calleeAttributes.ts';
import { calleeOrderKeys } from '../../domain/campaign/calleeOrder.ts';
import type { CalleeList } from '../../domain/campaign/campaignSettings.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import type { Dialect } from '../dialect.ts';
import { PreparedQuery } from '../preparedQuery.ts';
import type { CalleeTable, Database } from '../schema.ts';

/**
 * Rows per INSERT. Nine parameters a row keep a statement at 9,000, far under SQLite's 32,766.
 * Measured (SQLite, WAL, 100,000 callees in one transaction): 574 ms at 250 rows a statement,
 * 562 ms at 1,000, 519 ms at 2,000 — the size hardly matters past a few hundred, so stay well
 * inside the bound-parameter limit of either backend.
 */
const ROWS_PER_STATEMENT = 1000;

/**
 * Writes a campaign's callee rows, in batches, within the caller's transaction. Between batches
 * the event loop gets a turn, so a huge list does not hold every other request still.
 */
export async function insertCallees(
  tx: Kysely<Database>,
  campaignId: number,
  callees: CalleeList,
  callOrder: number,
  seed: number,
): Promise<void> {
  const { numbers, attributes } = callees;
  const orderKeys = calleeOrderKeys(numbers.length, callOrder, seed);
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await insertCalleesByColumns(tx, campaignId, callees, orderKeys);
    return;
  }
  if (numbers.length <= ROWS_ONE_BY_ONE) {
    for (let seq = 0; seq < numbers.length; seq++) {
      await insertCallee.run(tx, calleeRow(campaignId, seq, numbers[seq]!, orderKeys[seq]!, attributes));
    }
    return;
  }
  for (let start = 0; start < numbers.length; start += ROWS_PER_STATEMENT) {
    const end = Math.min(start + ROWS_PER_STATEMENT, numbers.length);
    const rows = [];
    for (let seq = start; seq < end; seq++) {
      rows.push(calleeRow(campaignId, seq, numbers[seq]!, orderKeys[seq]!, attributes));
    }
    await tx.insertInto('callees').values(rows).execute();
    if (end < numbers.length) await nextTurn();
  }
}

/**
 * Up to this many callees, each is one run of a prepared single-row INSERT: building a multi-row
 * INSERT with Kysely costs more than running a few prepared ones (a Create of 3 callees spent
 * ~50 µs of CPU building its INSERT under load).
 */
const ROWS_ONE_BY_ONE = 16;

function calleeRow(
  campaignId: number,
  seq: number,
  number: string,
  orderKey: number,
  attributes: CalleeList['attributes'],
): Insertable<CalleeTable> & Pick<CalleeTable, 'uui' | 'variables'> {
  const attribute = attributes.get(number);
  return {
    campaign_id: campaignId,
    seq,
    number,
    order_key: orderKey,
    uui: attribute ? attribute.uui : null,
    variables: attribute ? JSON.stringify(attribute.variables) : null,
    state: 'pending',
    attempts: 0,
    next_attempt_at: 0,
  };
}

const insertCallee = new PreparedQuery((db: Kysely<Database>, row: ReturnType<typeof calleeRow>) =>
  db.insertInto('callees').values(row),
);

/**
 * PostgreSQL: rows per INSERT … SELECT FROM unnest(arrays). Five array parameters a statement,
 * whatever the row count, instead of nine parameters a row: the server parses and binds one short
 * statement instead of 9,000 placeholders. Measured (200,000 callees in one transaction, a busy
 * 2-CPU machine): 3.2–3.9 s by rows of 1,000, 1.5–2.3 s by arrays of 10,000 (1.7 s at 50,000) —
 * what is left is mostly index upkeep. A 1,000,000-callee create took 36 s by rows, past the
 * 30 s request timeout that then cut the client off.
 */
const ROWS_PER_ARRAY_STATEMENT = 10_000;

async function insertCalleesByColumns(
  tx: Kysely<Database>,
  campaignId: number,
  callees: CalleeList,
  orderKeys: ArrayLike<number>,
): Promise<void> {
  const { numbers, attributes } = callees;
  for (let start = 0; start < numbers.length; start += ROWS_PER_ARRAY_STATEMENT) {
    const end = Math.min(start + ROWS_PER_ARRAY_STATEMENT, numbers.length);
    const seqs: number[] = [];
    const batch: string[] = [];
    const keys: number[] = [];
    const uuis: Array<string | null> = [];
    const variables: Array<string | null> = [];
    for (let seq = start; seq < end; seq++) {
      const number = numbers[seq]!;
      const attribute = attributes.get(number);
      seqs.push(seq);
      batch.push(number);
      keys.push(orderKeys[seq]!);
      uuis.push(attribute ? attribute.uui : null);
      variables.push(attribute ? JSON.stringify(attribute.variables) : null);
    }
    await sql`insert into callees (campaign_id, seq, number, order_key, uui, variables)
      select ${campaignId}::bigint, * from unnest(${seqs}::integer[], ${batch}::text[], ${keys}::bigint[], ${uuis}::text[], ${variables}::text[])`.execute(
      tx,
    );
    if (end < numbers.length) await nextTurn();
  }
}

/**
 * Callees a statement changing a campaign's rows takes at a time (by `seq`, the primary key's
 * range): 100,000 callees deleted in one statement held the event loop 212 ms on SQLite, so a
 * million held it two seconds. Between ranges the event loop gets a turn, as between the batches
 * of insertCallees.
 */
const SEQS_PER_STATEMENT = 5000;

/**
 * Runs `work` on each range [from, to) of the campaign's callee seqs in turn, within the caller's
 * transaction, and sums what it returns.
 */
export async function inSeqRanges(
  tx: Kysely<Database>,
  campaignId: number,
  work: (from: number, to: number) => Promise<number>,
): Promise<number> {
  const last = await tx
    .selectFrom('callees')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  if (last?.seq === null || last?.seq === undefined) return 0;
  let total = 0;
  for (let from = 0; from <= Number(last.seq); from += SEQS_PER_STATEMENT) {
    if (from > 0) await nextTurn();
    total += await work(from, from + SEQS_PER_STATEMENT);
  }
  return total;
}

export async function deleteCallees(tx: Kysely<Database>, campaignId: number): Promise<void> {
  await inSeqRanges(tx, campaignId, async (from, to) => {
    const deleted = await tx
      .deleteFrom('callees')
      .where('campaign_id', '=', campaignId)
      .where('seq', '>=', from)
      .where('seq', '<', to)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  });
}

/** The stored callee list of a campaign, in submitted order, with its attributes. */
export async function loadCallees(db: Kysely<Database>, campaignId: number): Promise<CalleeList> {
  const rows = await db
    .selectFrom('callees')
    .select(['number', 'uui', 'variables'])
    .where('campaign_id', '=', campaignId)
    .orderBy('seq')
    .execute();
  const attributes = new Map<string, CalleeAttribute>();
  for (const row of rows) {
    if (row.uui !== null || row.variables !== null) {
      attributes.set(row.number, {
        uui: row.uui ?? '',
        variables: row.variables === null ? [] : (JSON.parse(row.variables) as Variable[]),
      });
    }
  }
  return { numbers: rows.map((row) => row.number), attributes };
}

/**
 * The callees that carry attributes, in submitted order: what Describe echoes as CalleeAttributes.
 * They are found through the partial index `callees_with_attributes` (migration 005), which SQLite
 * must be told to use: without statistics its planner walks the primary key, every callee of the
 * campaign, instead (PostgreSQL's planner has statistics and finds the index itself).
 */
export async function loadCalleeAttributes(
  db: Kysely<Database>,
  dialect: Dialect,
  campaignId: number,
): Promise<Array<{ number: string } & CalleeAttribute>> {
  type Row = Pick<CalleeTable, 'number' | 'uui' | 'variables'>;
  const rows: Row[] =
    dialect === 'sqlite'
      ? (
          await sql<Row>`select number, uui, variables from callees indexed by callees_with_attributes
            where campaign_id = ${campaignId} and (uui is not null or variables is not null) order by seq`.execute(
            db,
          )
        ).rows
      : await db
          .selectFrom('callees')
          .select(['number', 'uui', 'variables'])
          .where('campaign_id', '=', campaignId)
          .where((eb) => eb.or([eb('uui', 'is not', null), eb('variables', 'is not', null)]))
          .orderBy('seq')
          .execute();
  return rows.map((row) => ({
    number: row.number,
    uui: row.uui ?? '',
    variables: row.variables === null ? [] : (JSON.parse(row.variables) as Variable[]),
  }));
}
