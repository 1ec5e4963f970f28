import { type Kysely, sql } from 'kysely';
import type {
  AttemptEnd,
  CalleeClaim,
  ClaimWithdrawal,
  DueCallee,
  FinishedAttempt,
  OpenSession,
  PlacedAttempt,
  SessionProgress,
} from '../../dialer/ports/dialerStore.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import { dbNowMs } from '../cluster/dbNow.ts';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { wholeMs } from '../wholeMs.ts';

/** How long undoing a failed claim waits for its callees' rows (PostgreSQL interval). */
const WITHDRAW_LOCK_TIMEOUT = '5s';

/**
 * The engine's attempts on SQL: claiming due callees with their session rows, the sessions'
 * progress, the outcomes that finish a callee or make it pending again for a retry, and the
 * sessions left open. KyselyDialerStore's attempts part; each method is one transaction.
 */
export class KyselyAttempts {
  /** The last write issued for each session with writes in flight (see inSessionOrder). */
  private readonly sessionWrites = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async claimCallees(claim: CalleeClaim): Promise<PlacedAttempt[]> {
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('callees')
        .select(['seq', 'number', 'uui', 'variables', 'attempts'])
        .where('campaign_id', '=', claim.campaignId)
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', wholeMs(claim.now))
        .orderBy('next_attempt_at')
        .orderBy('order_key')
        .limit(claim.limit)
        .$if(claim.leaseOwner !== undefined, (q) =>
          q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('leases')
                .select('leases.campaign_id')
                .where('leases.campaign_id', '=', claim.campaignId)
                .where('leases.owner_node', '=', claim.leaseOwner!)
                .where('leases.expires_at', '>', dbNowMs(this.dialect)),
            ),
          ),
        )
        // Several nodes may claim for one campaign during a lease hand-over: never the same rows.
        .$if(this.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
        .execute();
      const placed: PlacedAttempt[] = [];
      for (const row of due) {
        const callee: DueCallee = {
          campaignId: claim.campaignId,
          seq: row.seq,
          number: row.number,
          uui: row.uui,
          variables: row.variables ? (JSON.parse(row.variables) as Variable[]) : null,
          attemptsBefore: row.attempts,
        };
        const session = claim.session(callee);
        const attempt = row.attempts + 1;
        const updated = await tx
          .updateTable('callees')
          .set({ state: 'dialing', attempts: attempt, current_session_id: session.sessionId })
          .where('campaign_id', '=', claim.campaignId)
          .where('seq', '=', row.seq)
          .where('state', '=', 'pending')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) continue;
        await tx
          .insertInto('sessions')
          .values({
            session_id: session.sessionId,
            sdk_app_id: claim.sdkAppId,
            campaign_id: claim.campaignId,
            callee_seq: row.seq,
            attempt,
            caller: session.caller,
            callee: row.number,
            direction: 1,
            call_type: 5,
            session_status: 'ringing',
            start_ts: wholeMs(claim.now),
            skill_group_id: claim.skillGroupId,
            skill_group_name: session.skillGroupName,
            ivr_id: session.ivrId,
            uui: session.uui,
            variables: JSON.stringify(session.variables),
            owner_node: session.ownerNode,
          })
          .execute();
        placed.push({ callee, attempt, session });
      }
      return placed;
    });
  }

  async withdrawClaim(withdrawal: ClaimWithdrawal): Promise<string[]> {
    if (withdrawal.sessions.length === 0) return [];
    const { campaignId } = withdrawal;
    return this.db.transaction().execute(async (tx) => {
      if (this.dialect === 'postgres') {
        // A claim whose COMMIT the server is still applying holds these rows: wait for it to end,
        // so that the statements below see what it committed (each reads afresh in READ COMMITTED).
        // Not for long: a claim whose connection died before its COMMIT holds them until the server
        // notices and rolls it back (nothing to undo then), and the engine's stop() waits for this.
        // set_config(…, true) is SET LOCAL with the value as a parameter (SET itself takes none).
        await sql`select set_config('lock_timeout', ${WITHDRAW_LOCK_TIMEOUT}, true)`.execute(tx);
        await tx
          .selectFrom('callees')
          .select('seq')
          .where('campaign_id', '=', campaignId)
          .where(
            'seq',
            'in',
            withdrawal.sessions.map((s) => s.calleeSeq),
          )
          .forUpdate()
          .execute();
      }
      const withdrawn: string[] = [];
      for (const { sessionId, calleeSeq } of withdrawal.sessions) {
        const session = await tx
          .selectFrom('sessions')
          .select('attempt')
          .where('session_id', '=', sessionId)
          .where('campaign_id', '=', campaignId)
          .where('callee_seq', '=', calleeSeq)
          .where('ended_ts', 'is', null)
          .executeTakeFirst();
        if (!session) continue;
        const reverted = await tx
          .updateTable('callees')
          .set({ state: 'pending', attempts: session.attempt - 1, current_session_id: null })
          .where('campaign_id', '=', campaignId)
          .where('seq', '=', calleeSeq)
          .where('state', '=', 'dialing')
          .where('current_session_id', '=', sessionId)
          .executeTakeFirst();
        // A callee no longer on this session was settled by someone else (recovery): leave both be.
        if (Number(reverted.numUpdatedRows) === 0) continue;
        await tx.deleteFrom('sessions').where('session_id', '=', sessionId).execute();
        withdrawn.push(sessionId);
      }
      return withdrawn;
    });
  }

  recordProgress(progress: SessionProgress): Promise<void> {
    return this.inSessionOrder(progress.sessionId, () => this.writeProgress(progress));
  }

  private async writeProgress(progress: SessionProgress): Promise<void> {
    const update = this.db
      .updateTable('sessions')
      .where('session_id', '=', progress.sessionId)
      .where('ended_ts', 'is', null);
    switch (progress.kind) {
      case 'ringing':
        await update.set({ ring_ts: wholeMs(progress.at) }).execute();
        return;
      case 'answered':
        await update
          .set({
            accept_ts: wholeMs(progress.at),
            queued_ts: wholeMs(progress.at),
            session_status: 'seatJoining',
          })
          .execute();
        return;
      case 'connected':
        await update
          .set({
            seat_join_ts: wholeMs(progress.at),
            seat_user: progress.seatUser,
            seat_mail: progress.seatMail,
            staff_number: progress.staffNumber,
            session_status: 'inProgress',
          })
          .execute();
        return;
    }
  }

  finishAttempt(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
    return this.inSessionOrder(end.sessionId, () => this.writeEnd(end));
  }

  /**
   * Writes to one session are applied in the order the engine issues them. On PostgreSQL each
   * statement runs on whichever pooled connection comes free first, so the end of a call could
   * overtake its answer or its agent's joining (the 3-node test caught sessions closed as
   * "connected" without their agent, "abandoned" without their answer), and the earlier write,
   * finding the session closed, be lost.
   */
  private inSessionOrder<T>(sessionId: string, write: () => Promise<T>): Promise<T> {
    const before = this.sessionWrites.get(sessionId);
    const next = before ? before.then(write) : write();
    const settled = next.then(
      () => {},
      () => {},
    );
    this.sessionWrites.set(sessionId, settled);
    void settled.then(() => {
      if (this.sessionWrites.get(sessionId) === settled) this.sessionWrites.delete(sessionId);
    });
    return next;
  }

  /**
   * A call ends no earlier than its last progress. The engine's own writes are in order anyway;
   * this is for the node that closes what a node it found dead left, while that node, only
   * stalled, still records an answer after the closer read its clock.
   */
  private notBeforeProgress(endedAt: number) {
    const latest = this.dialect === 'postgres' ? sql`greatest` : sql`max`;
    return sql<number>`${latest}(${endedAt}, coalesce(ring_ts, ${endedAt}), coalesce(accept_ts, ${endedAt}), coalesce(seat_join_ts, ${endedAt}))`;
  }

  private async writeEnd(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const closed = await tx
        .updateTable('sessions')
        .set({
          end_status: end.endStatus,
          hung_up_side: end.hungUpSide,
          ended_ts: this.notBeforeProgress(wholeMs(end.endedAt)),
          session_status: 'finished',
          ...(end.telephonyIds ? { telephony_ids: JSON.stringify(end.telephonyIds) } : {}),
        })
        .where('session_id', '=', end.sessionId)
        .where('ended_ts', 'is', null)
        .executeTakeFirst();
      if (Number(closed.numUpdatedRows) === 0) return undefined;
      await tx
        .updateTable('callees')
        .set({
          state: end.callee.state,
          last_end_status: end.endStatus,
          current_session_id: null,
          ...(end.callee.state === 'pending' ? { next_attempt_at: wholeMs(end.callee.nextAttemptAt) } : {}),
        })
        .where('campaign_id', '=', end.campaignId)
        .where('seq', '=', end.calleeSeq)
        .execute();
      if (end.callee.state === 'finished') {
        await tx
          .updateTable('campaigns')
          .set((eb) => ({ finished_callee_count: eb('finished_callee_count', '+', 1) }))
          .where('campaign_id', '=', end.campaignId)
          .execute();
      }
      const counts = await tx
        .selectFrom('campaigns')
        .select(['callee_count', 'finished_callee_count'])
        .where('campaign_id', '=', end.campaignId)
        .executeTakeFirstOrThrow();
      return { calleeCount: counts.callee_count, finishedCalleeCount: counts.finished_callee_count };
    });
  }

  async listOpenSessions(ownerNode?: string | null): Promise<OpenSession[]> {
    let query = this.db.selectFrom('sessions').selectAll().where('ended_ts', 'is', null);
    if (ownerNode !== undefined) {
      query =
        ownerNode === null
          ? query.where('owner_node', 'is', null)
          : query.where('owner_node', '=', ownerNode);
    }
    const rows = await query.orderBy('start_ts').execute();
    return rows.map((r) => ({
      sessionId: r.session_id,
      sdkAppId: r.sdk_app_id,
      campaignId: r.campaign_id,
      calleeSeq: r.callee_seq,
      attempt: r.attempt,
      startedAt: r.start_ts,
      answeredAt: r.accept_ts,
      connectedAt: r.seat_join_ts,
      seatMail: r.seat_mail,
    }));
  }
}
