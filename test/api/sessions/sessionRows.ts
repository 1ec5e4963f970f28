import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SessionTable } from '../../../src/store/schema.ts';

let seq = 0;

/**
 * A sessions row as the engine writes it, defaulting to a call of ACME's that rang, was answered
 * and served by agent1. Tests simulate the engine through these rows.
 */
export async function insertSession(db: Kysely<Database>, row: Partial<SessionTable> = {}): Promise<string> {
  const sessionId = row.session_id ?? randomUUID();
  const start = row.start_ts ?? Date.UTC(2025, 2, 10, 9, 0, 0);
  seq += 1;
  await db
    .insertInto('sessions')
    .values({
      session_id: sessionId,
      sdk_app_id: 1400000000,
      campaign_id: 1,
      callee_seq: seq,
      attempt: 1,
      caller: '0086075586013388',
      callee: '+8613012345678',
      direction: 1,
      call_type: 5,
      session_status: 'finished',
      start_ts: start,
      ring_ts: start + 1_000,
      accept_ts: start + 5_000,
      queued_ts: start + 5_000,
      seat_join_ts: start + 5_500,
      ended_ts: start + 65_000,
      seat_user: 'agent1@1400000000.sim',
      seat_mail: 'agent1@1400000000.sim',
      staff_number: '1001',
      skill_group_id: 255,
      skill_group_name: 'Outbound sales',
      ivr_id: null,
      uui: 'order-42',
      variables: '[]',
      end_status: 1,
      hung_up_side: 'user',
      telephony_ids: null,
      owner_node: null,
      ...row,
    })
    .execute();
  return sessionId;
}

/** A call still going on: answered, with an agent, not ended. */
export function liveRow(start: number): Partial<SessionTable> {
  return {
    session_status: 'inProgress',
    start_ts: start,
    ring_ts: start + 1_000,
    accept_ts: start + 4_000,
    queued_ts: start + 4_000,
    seat_join_ts: start + 4_200,
    ended_ts: null,
    end_status: null,
    hung_up_side: null,
  };
}
