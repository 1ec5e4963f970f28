import type { Kysely } from 'kysely';
import type { AgentCredentials } from '../../domain/agentCredentials.ts';
import { StaffStatus, storedStaffStatus } from '../../domain/staff/staffStatus.ts';
import type { Page } from '../page.ts';
import type { Database, StaffTable } from '../schema.ts';

/** An agent of an application. The mail is the key; the password hash is never read out here. */
export interface Staff {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly userId: string;
  readonly name: string;
  readonly phone: string;
  readonly nick: string;
  readonly staffNumber: string;
  readonly status: StaffStatus;
  readonly statusReason: string;
  /** ms */
  readonly statusSince: number;
  /** ms; when the agent last came online, null if never. */
  readonly lastOnlineAt: number | null;
  /** ms */
  readonly modifiedAt: number;
}

export interface StaffFilter {
  readonly mail?: string | undefined;
  /** Members of this skill group. */
  readonly skillGroupId?: number | undefined;
  /** ms; agents modified at or after. */
  readonly modifiedSince?: number | undefined;
}

const COLUMNS = [
  'sdk_app_id',
  'mail',
  'user_id',
  'name',
  'phone',
  'nick',
  'staff_number',
  'status',
  'status_reason',
  'status_since',
  'last_online_at',
  'modified_at',
] as const;

export async function findStaff(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
): Promise<Staff | undefined> {
  const row = await db
    .selectFrom('staff')
    .select(COLUMNS)
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', '=', mail)
    .executeTakeFirst();
  return row && toStaff(row);
}

/**
 * The agent a StaffUserId names: Tencent's user id is the account, which for us is the mail; an
 * agent created with a UserId of its own is found by that too. The mail wins a tie.
 */
export async function findStaffByUserId(
  db: Kysely<Database>,
  sdkAppId: number,
  userId: string,
): Promise<Staff | undefined> {
  const byMail = await findStaff(db, sdkAppId, userId);
  if (byMail) return byMail;
  const row = await db
    .selectFrom('staff')
    .select(COLUMNS)
    .where('sdk_app_id', '=', sdkAppId)
    .where('user_id', '=', userId)
    .orderBy('mail')
    .executeTakeFirst();
  return row && toStaff(row);
}

/** Those of `mails` the application has. */
export async function existingStaffMails(
  db: Kysely<Database>,
  sdkAppId: number,
  mails: readonly string[],
): Promise<Set<string>> {
  if (mails.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff')
    .select('mail')
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', 'in', [...mails])
    .execute();
  return new Set(rows.map((r) => r.mail));
}

export interface NewStaff {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly userId: string;
  readonly name: string;
  readonly phone: string;
  readonly nick: string;
  readonly staffNumber: string;
  readonly at: number;
}

/** A new agent starts offline, with no password until one is set. */
export async function insertStaff(db: Kysely<Database>, staff: NewStaff): Promise<void> {
  await db
    .insertInto('staff')
    .values({
      sdk_app_id: staff.sdkAppId,
      mail: staff.mail,
      user_id: staff.userId,
      name: staff.name,
      phone: staff.phone,
      nick: staff.nick,
      staff_number: staff.staffNumber,
      password_hash: null,
      sip_uri: null,
      status: StaffStatus.Offline,
      status_reason: '',
      status_since: staff.at,
      last_online_at: null,
      modified_at: staff.at,
    })
    .execute();
}

export interface StaffChanges {
  readonly name?: string | undefined;
  readonly phone?: string | undefined;
  readonly nick?: string | undefined;
  readonly staffNumber?: string | undefined;
  readonly modifiedAt: number;
}

export async function updateStaff(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
  changes: StaffChanges,
): Promise<void> {
  await db
    .updateTable('staff')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      ...(changes.nick !== undefined ? { nick: changes.nick } : {}),
      ...(changes.staffNumber !== undefined ? { staff_number: changes.staffNumber } : {}),
      modified_at: changes.modifiedAt,
    })
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', '=', mail)
    .execute();
}

/** Marks the agent modified without changing a listed field (e.g. its skill groups changed). */
export async function touchStaff(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
  at: number,
): Promise<void> {
  await db
    .updateTable('staff')
    .set({ modified_at: at })
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', '=', mail)
    .execute();
}

export async function setStaffPassword(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
  credentials: AgentCredentials,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('staff')
    .set({ password_hash: credentials.passwordHash, sip_ha1: credentials.sipHa1, modified_at: at })
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', '=', mail)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Removes an agent, its skill group bindings and its status history, but only while it is offline:
 * the status is checked in the same statement, so an agent who comes online meanwhile is kept.
 * Returns whether it was removed.
 */
export async function deleteOfflineStaff(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
): Promise<boolean> {
  const run = async (tx: Kysely<Database>) => {
    const result = await tx
      .deleteFrom('staff')
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .where('status', '=', StaffStatus.Offline)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await tx
      .deleteFrom('staff_skill_groups')
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .execute();
    // A new agent given the same mail later must not inherit today's durations.
    await tx
      .deleteFrom('staff_status_log')
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .execute();
    return true;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export async function countStaff(
  db: Kysely<Database>,
  sdkAppId: number,
  filter: StaffFilter,
): Promise<number> {
  const row = await filtered(db, sdkAppId, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the application's agents, by mail. */
export async function listStaff(
  db: Kysely<Database>,
  sdkAppId: number,
  filter: StaffFilter,
  page?: Page,
): Promise<Staff[]> {
  const rows = await filtered(db, sdkAppId, filter)
    .select(COLUMNS.map((c) => `staff.${c}` as const))
    .orderBy('staff.mail')
    .$if(page !== undefined, (q) => q.limit(page!.limit).offset(page!.offset))
    .execute();
  return rows.map(toStaff);
}

function filtered(db: Kysely<Database>, sdkAppId: number, filter: StaffFilter) {
  return db
    .selectFrom('staff')
    .where('staff.sdk_app_id', '=', sdkAppId)
    .$if(filter.mail !== undefined, (q) => q.where('staff.mail', '=', filter.mail!))
    .$if(filter.modifiedSince !== undefined, (q) => q.where('staff.modified_at', '>=', filter.modifiedSince!))
    .$if(filter.skillGroupId !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('staff_skill_groups as b')
            .select('b.mail')
            .whereRef('b.sdk_app_id', '=', 'staff.sdk_app_id')
            .whereRef('b.mail', '=', 'staff.mail')
            .where('b.skill_group_id', '=', filter.skillGroupId!),
        ),
      ),
    );
}

function toStaff(row: Omit<StaffTable, 'password_hash' | 'sip_uri' | 'sip_ha1' | 'held_by_node'>): Staff {
  return {
    sdkAppId: Number(row.sdk_app_id),
    mail: row.mail,
    userId: row.user_id,
    name: row.name,
    phone: row.phone,
    nick: row.nick,
    staffNumber: row.staff_number,
    status: storedStaffStatus(row.status),
    statusReason: row.status_reason,
    statusSince: Number(row.status_since),
    lastOnlineAt: row.last_online_at === null ? null : Number(row.last_online_at),
    modifiedAt: Number(row.modified_at),
  };
}

/**
 * The digest HA1 of an agent's password, by mail (any case), for the SIP registrar; undefined when no
 * agent of any application has that mail and a password.
 */
export async function findStaffSipHa1(db: Kysely<Database>, mail: string): Promise<string | undefined> {
  // A digest username is whatever a phone sent: one with a NUL is nobody's, and PostgreSQL could
  // not even compare it (the query would fail the REGISTER).
  if (mail.includes('\u0000')) return undefined;
  const row = await db
    .selectFrom('staff')
    .select('sip_ha1')
    .where((eb) => eb(eb.fn('lower', ['mail']), '=', mail.toLowerCase()))
    .where('sip_ha1', 'is not', null)
    .executeTakeFirst();
  return row?.sip_ha1 ?? undefined;
}
