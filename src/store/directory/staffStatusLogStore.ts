import type { Kysely } from 'kysely';
import { storedStaffStatus } from '../../domain/staff/staffStatus.ts';
import type { StatusLogEntry } from '../../domain/staff/statusDurations.ts';
import type { Database } from '../schema.ts';

/**
 * Each agent's status log over a window, in time order, opening with the row in force at `from`
 * (the last one at or before it), as `sumStatusDurations` expects. Agents absent from the log are
 * absent from the map.
 */
export async function statusLogOver(
  db: Kysely<Database>,
  sdkAppId: number,
  mails: readonly string[],
  from: number,
  to: number,
): Promise<Map<string, StatusLogEntry[]>> {
  const byMail = new Map<string, StatusLogEntry[]>();
  if (mails.length === 0) return byMail;
  const opening = await db
    .selectFrom('staff_status_log as l')
    .select(['l.id', 'l.mail', 'l.status', 'l.at'])
    .where('l.sdk_app_id', '=', sdkAppId)
    .where('l.mail', 'in', [...mails])
    .where((eb) =>
      eb(
        'l.at',
        '=',
        eb
          .selectFrom('staff_status_log as p')
          .select((p) => p.fn.max('p.at').as('at'))
          .whereRef('p.sdk_app_id', '=', 'l.sdk_app_id')
          .whereRef('p.mail', '=', 'l.mail')
          .where('p.at', '<=', from),
      ),
    )
    .execute();
  const within = await db
    .selectFrom('staff_status_log')
    .select(['id', 'mail', 'status', 'at'])
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', 'in', [...mails])
    .where('at', '>', from)
    .where('at', '<=', to)
    .execute();
  // Rows at the same instant keep the order they were written in.
  const rows = [...keepLastPerMail(opening), ...within].sort(
    (a, b) => Number(a.at) - Number(b.at) || Number(a.id) - Number(b.id),
  );
  for (const r of rows) {
    const list = byMail.get(r.mail) ?? [];
    list.push({ status: storedStaffStatus(r.status), at: Number(r.at) });
    byMail.set(r.mail, list);
  }
  return byMail;
}

/** Several rows can share the latest instant before the window: the last written is in force. */
function keepLastPerMail<R extends { id: number; mail: string }>(rows: readonly R[]): R[] {
  const last = new Map<string, R>();
  for (const r of rows) {
    const kept = last.get(r.mail);
    if (!kept || Number(r.id) > Number(kept.id)) last.set(r.mail, r);
  }
  return [...last.values()];
}
