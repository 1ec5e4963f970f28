import type { Kysely } from 'kysely';

/**
 * DescribeTelCdr's `Phones`: a supervisor looks up the calls of a customer's number (or of one of
 * the application's own lines) over up to 90 days. With only the index of start times, SQLite read
 * every call's row of the span to compare its numbers: 149 ms for a customer among 500,000 calls,
 * the event loop held all along. Counted from these two, a customer's calls are a few index
 * entries (see callRecordQuery.ts):
 *
 * - `sessions_app_callee`: the calls to a number, by start;
 * - `sessions_app_caller`: the calls from a number, by start, with the callee so that the calls
 *   from one number and not to one are counted from the index alone.
 *
 * Both carry `ended_ts`: only finished calls are call records. A placed call writes two more
 * B-trees, and its end two more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sessions_app_callee')
    .on('sessions')
    .columns(['sdk_app_id', 'callee', 'start_ts', 'ended_ts'])
    .execute();
  await db.schema
    .createIndex('sessions_app_caller')
    .on('sessions')
    .columns(['sdk_app_id', 'caller', 'start_ts', 'ended_ts', 'callee'])
    .execute();
}
