import type { Kysely } from 'kysely';
import { isOnline, type StaffStatus, storedStaffStatus } from '../../domain/staff/staffStatus.ts';
import type { StaffStatusRequest } from '../../domain/staff/staffStatusRequest.ts';
import type { Database } from '../schema.ts';
import { wholeMs } from '../wholeMs.ts';

export interface StaffStatusChange {
  /** False when `onlyFrom` refused the change; the agent's status is then as it was. */
  readonly applied: boolean;
  readonly previousStatus: StaffStatus;
  readonly previousReason: string;
  readonly status: StaffStatus;
  readonly reason: string;
}

/**
 * The one way an agent's status changes, for the API (SetStaffStatus) and the engine (busy,
 * afterCallWork, free) alike: updates the agent's row (status, reason, since, last online) and
 * appends to the status log the daily durations are summed from, in one transaction.
 * Returns undefined when the application has no such agent. Setting the status and reason the
 * agent already has changes nothing and logs nothing.
 */
export async function setStaffStatus(
  db: Kysely<Database>,
  request: StaffStatusRequest,
): Promise<StaffStatusChange | undefined> {
  const run = (tx: Kysely<Database>) => apply(tx, request);
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function apply(
  db: Kysely<Database>,
  request: StaffStatusRequest,
): Promise<StaffStatusChange | undefined> {
  const { sdkAppId, mail, status, reason } = request;
  const at = wholeMs(request.at);
  // The update is conditional on the status read; under PostgreSQL's read committed a concurrent
  // change can slip in between, in which case we read again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db
      .selectFrom('staff')
      .select(['status', 'status_reason', 'last_online_at', 'held_by_node'])
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .executeTakeFirst();
    if (!row) return undefined;
    const previousStatus = storedStaffStatus(row.status);
    const previous = { previousStatus, previousReason: row.status_reason };
    const heldElsewhere = request.onlyIfHeldBy !== undefined && row.held_by_node !== request.onlyIfHeldBy;
    if (heldElsewhere || (request.onlyFrom && !request.onlyFrom.includes(previousStatus))) {
      return { applied: false, ...previous, status: previousStatus, reason: row.status_reason };
    }
    if (previousStatus === status && row.status_reason === reason) {
      return { applied: true, ...previous, status, reason };
    }
    const comesOnline = !isOnline(previousStatus) && isOnline(status);
    const result = await db
      .updateTable('staff')
      .set({
        status,
        status_reason: reason,
        status_since: at,
        held_by_node: holdsAgent(status) ? (request.heldByNode ?? null) : null,
        ...(comesOnline ? { last_online_at: at } : {}),
      })
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .where('status', '=', row.status)
      .where('status_reason', '=', row.status_reason)
      .$if(request.onlyIfHeldBy !== undefined, (qb) => qb.where('held_by_node', '=', request.onlyIfHeldBy!))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) continue;
    await db
      .insertInto('staff_status_log')
      .values({ sdk_app_id: sdkAppId, mail, status, reason, at })
      .execute();
    return { applied: true, ...previous, status, reason };
  }
  throw new Error(`the status of agent ${mail} kept changing under a concurrent writer`);
}

/** The statuses only a call puts an agent in: a node holds the agent while in one of them. */
function holdsAgent(status: StaffStatus): boolean {
  return status === 'busy' || status === 'afterCallWork';
}
