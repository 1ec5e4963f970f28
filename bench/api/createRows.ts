/**
 * A Create's rows written by bare prepared statements, for the "rows only" servers of the API
 * benchmark (bench/api/server.ts): the least a durable Create costs, with nothing of the handler's
 * checks nor of the store's Kysely queries. The statements are the store's, written out, so that
 * the rows and the B-trees they touch are the same work: the campaign row (with the live-count
 * trigger), its callee rows, and the read of the application's live count first.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import type BetterSqlite3 from 'better-sqlite3';
import type { createPredictiveDialingCampaign } from '../../src/api/actions/campaigns/createPredictiveDialingCampaign.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/store/database.ts';
import { provisionApplications } from '../../src/store/provision.ts';
import { testApplications } from '../../test/support/testServer.ts';

export type CreateInput = Static<typeof createPredictiveDialingCampaign.input>;

/** A new SQLite file in a directory of its own, migrated by the store, the test applications in it. */
export async function rowsOnlyDatabase(): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-rows-'));
  const file = path.join(dir, 'rows.db');
  const migrated = await openDatabase({ kind: 'sqlite', file });
  await provisionApplications(
    migrated,
    loadConfig({}, { applications: testApplications() }, dir),
    Date.now(),
  );
  await migrated.close();
  return { dir, file };
}

/** Writes a Create's rows on `writer` (inside the caller's transaction); returns the campaign's id. */
export function createRowWriter(writer: BetterSqlite3.Database): (input: CreateInput) => number {
  const liveCount = writer.prepare('select live_campaigns from applications where sdk_app_id = ?');
  const campaign = writer.prepare(
    `insert into campaigns (sdk_app_id, name, callers, call_order, skill_group_id, ivr_id, priority,
       expected_abandon_rate, retry_times, retry_interval_s, start_time_s, end_time_s, variables, uui,
       time_zone, available_time, status, status_reason, callee_count, finished_callee_count, deleted,
       created_at, updated_at)
     values (?, ?, ?, ?, ?, null, ?, ?, 0, ?, ?, ?, '[]', '', null, '[]', 0, 0, ?, 0, 0, ?, ?)
     returning campaign_id`,
  );
  const callee = writer.prepare(
    `insert into callees (campaign_id, seq, number, order_key, uui, variables, state, attempts, next_attempt_at)
     values (?, ?, ?, ?, null, null, 'pending', 0, 0)`,
  );
  return (input) => {
    liveCount.get(input.SdkAppId);
    const now = Date.now();
    const { campaign_id: id } = campaign.get(
      input.SdkAppId,
      input.Name,
      JSON.stringify(input.Callers),
      input.CallOrder,
      input.SkillGroupId,
      input.Priority ?? 1,
      input.ExpectedAbandonRate,
      input.RetryInterval ?? 60,
      input.StartTime,
      input.EndTime,
      input.Callees.length,
      now,
      now,
    ) as { campaign_id: number };
    for (const [seq, number] of input.Callees.entries()) callee.run(id, seq, number, seq);
    return id;
  };
}

/**
 * Calls `send` once a turn of the event loop with everything `add`ed during it: the rows-only
 * writer thread and the event loop that feeds it exchange one message a turn each way.
 */
export function batchedPerTurn<T>(send: (batch: T[]) => void): (item: T) => void {
  const batch: T[] = [];
  return (item) => {
    if (batch.length === 0) setImmediate(() => send(batch.splice(0)));
    batch.push(item);
  };
}
