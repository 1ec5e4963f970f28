import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';

/**
 * Writes call records and agent statuses as the engine commits them, for console tests that
 * watch the live views follow the database without running calls (the views read only it).
 */
export class SessionRows {
  #seq = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async placed(campaignId: number, callee: string, extra: { uui?: string; variables?: object[] } = {}) {
    const sessionId = `test-session-${++this.#seq}`;
    const campaign = await this.db
      .selectFrom('campaigns')
      .select(['sdk_app_id', 'skill_group_id'])
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('sessions')
      .values({
        session_id: sessionId,
        sdk_app_id: campaign.sdk_app_id,
        campaign_id: campaignId,
        callee_seq: this.#seq,
        attempt: 1,
        caller: '0086075586013388',
        callee,
        direction: 1,
        call_type: 5,
        session_status: 'ringing',
        start_ts: this.now(),
        ring_ts: this.now(),
        skill_group_id: campaign.skill_group_id,
        skill_group_name: 'Outbound sales',
        uui: extra.uui ?? '',
        variables: JSON.stringify(extra.variables ?? []),
      })
      .execute();
    return sessionId;
  }

  async connected(sessionId: string, mail: string) {
    await this.db
      .updateTable('sessions')
      .set({
        session_status: 'inProgress',
        accept_ts: this.now(),
        seat_join_ts: this.now(),
        seat_user: mail,
        seat_mail: mail,
      })
      .where('session_id', '=', sessionId)
      .execute();
  }

  async ended(sessionId: string, endStatus: number) {
    await this.db
      .updateTable('sessions')
      .set({
        session_status: 'finished',
        end_status: endStatus,
        ended_ts: this.now(),
        ...(endStatus === 103 ? { accept_ts: this.now() } : {}),
      })
      .where('session_id', '=', sessionId)
      .execute();
  }

  async agentStatus(sdkAppId: number, mail: string, status: string) {
    await this.db
      .updateTable('staff')
      .set({ status, status_since: this.now() })
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .execute();
  }
}
