import type { Kysely } from 'kysely';
import { LIVE_STATUSES } from '../../domain/campaign/campaignStatus.ts';
import type { Page } from '../page.ts';
import type { Database } from '../schema.ts';

export interface SkillGroup {
  readonly skillGroupId: number;
  readonly sdkAppId: number;
  readonly name: string;
  readonly type: number;
  readonly maxConcurrency: number;
  /** ms */
  readonly modifiedAt: number;
}

export interface SkillGroupFilter {
  readonly skillGroupId?: number | undefined;
  /** Exact name. */
  readonly name?: string | undefined;
  /** ms; groups modified at or after. */
  readonly modifiedSince?: number | undefined;
}

const COLUMNS = ['skill_group_id', 'sdk_app_id', 'name', 'type', 'max_concurrency', 'modified_at'] as const;

/** A skill group of the application; deleted ones are gone for every reader. */
export async function findSkillGroup(
  db: Kysely<Database>,
  sdkAppId: number,
  skillGroupId: number,
): Promise<SkillGroup | undefined> {
  const row = await db
    .selectFrom('skill_groups')
    .select(COLUMNS)
    .where('sdk_app_id', '=', sdkAppId)
    .where('skill_group_id', '=', skillGroupId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return row && toSkillGroup(row);
}

export async function findSkillGroupByName(
  db: Kysely<Database>,
  sdkAppId: number,
  name: string,
): Promise<SkillGroup | undefined> {
  const row = await db
    .selectFrom('skill_groups')
    .select(COLUMNS)
    .where('sdk_app_id', '=', sdkAppId)
    .where('name', '=', name)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return row && toSkillGroup(row);
}

/** The application's live groups among `ids`; the caller compares to find the unknown ones. */
export async function findSkillGroups(
  db: Kysely<Database>,
  sdkAppId: number,
  ids: readonly number[],
): Promise<SkillGroup[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('skill_groups')
    .select(COLUMNS)
    .where('sdk_app_id', '=', sdkAppId)
    .where('skill_group_id', 'in', [...ids])
    .where('deleted', '=', 0)
    .execute();
  return rows.map(toSkillGroup);
}

export async function insertSkillGroup(
  db: Kysely<Database>,
  group: Omit<SkillGroup, 'skillGroupId'>,
): Promise<number> {
  const row = await db
    .insertInto('skill_groups')
    .values({
      sdk_app_id: group.sdkAppId,
      name: group.name,
      type: group.type,
      max_concurrency: group.maxConcurrency,
      modified_at: group.modifiedAt,
      deleted: 0,
    })
    .returning('skill_group_id')
    .executeTakeFirstOrThrow();
  return Number(row.skill_group_id);
}

export async function updateSkillGroup(
  db: Kysely<Database>,
  skillGroupId: number,
  changes: { name?: string | undefined; maxConcurrency?: number | undefined; modifiedAt: number },
): Promise<void> {
  await db
    .updateTable('skill_groups')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.maxConcurrency !== undefined ? { max_concurrency: changes.maxConcurrency } : {}),
      modified_at: changes.modifiedAt,
    })
    .where('skill_group_id', '=', skillGroupId)
    .execute();
}

/** The ids of the application's skill groups that are not deleted. */
export async function liveSkillGroupIds(db: Kysely<Database>, sdkAppId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('skill_groups')
    .select('skill_group_id')
    .where('sdk_app_id', '=', sdkAppId)
    .where('deleted', '=', 0)
    .execute();
  return new Set(rows.map((r) => r.skill_group_id));
}

/**
 * Deleted groups stay as rows (flagged), so the sessions and campaigns that name them still read
 * their names.
 */
export async function markSkillGroupDeleted(
  db: Kysely<Database>,
  skillGroupId: number,
  at: number,
): Promise<void> {
  await db
    .updateTable('skill_groups')
    .set({ deleted: 1, modified_at: at })
    .where('skill_group_id', '=', skillGroupId)
    .execute();
}

/** Campaigns not deleted that are ready, running or paused with this group: they still need it. */
export async function countLiveCampaignsUsing(
  db: Kysely<Database>,
  sdkAppId: number,
  skillGroupId: number,
): Promise<number> {
  const row = await db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sdk_app_id', '=', sdkAppId)
    .where('skill_group_id', '=', skillGroupId)
    .where('deleted', '=', 0)
    .where('status', 'in', [...LIVE_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countSkillGroups(
  db: Kysely<Database>,
  sdkAppId: number,
  filter: SkillGroupFilter,
): Promise<number> {
  const row = await filtered(db, sdkAppId, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the application's groups, by id. */
export async function listSkillGroups(
  db: Kysely<Database>,
  sdkAppId: number,
  filter: SkillGroupFilter,
  page: Page,
): Promise<SkillGroup[]> {
  const rows = await filtered(db, sdkAppId, filter)
    .select(COLUMNS)
    .orderBy('skill_group_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toSkillGroup);
}

function filtered(db: Kysely<Database>, sdkAppId: number, filter: SkillGroupFilter) {
  return db
    .selectFrom('skill_groups')
    .where('sdk_app_id', '=', sdkAppId)
    .where('deleted', '=', 0)
    .$if(filter.skillGroupId !== undefined, (q) => q.where('skill_group_id', '=', filter.skillGroupId!))
    .$if(filter.name !== undefined, (q) => q.where('name', '=', filter.name!))
    .$if(filter.modifiedSince !== undefined, (q) => q.where('modified_at', '>=', filter.modifiedSince!));
}

function toSkillGroup(row: {
  skill_group_id: number;
  sdk_app_id: number;
  name: string;
  type: number;
  max_concurrency: number;
  modified_at: number;
}): SkillGroup {
  return {
    skillGroupId: Number(row.skill_group_id),
    sdkAppId: Number(row.sdk_app_id),
    name: row.name,
    type: row.type,
    maxConcurrency: row.max_concurrency,
    modifiedAt: Number(row.modified_at),
  };
}
