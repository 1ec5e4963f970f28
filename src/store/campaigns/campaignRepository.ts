import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { shuffleSeed } from '../../domain/campaign/calleeOrder.ts';
import type { CommandOutcome } from '../../domain/campaign/campaignCommands.ts';
import { requireRoomForCampaign } from '../../domain/campaign/campaignLimits.ts';
import type { CalleeList, CampaignSettings } from '../../domain/campaign/campaignSettings.ts';
import { CampaignStatus, StatusReason } from '../../domain/campaign/campaignStatus.ts';
import type { Dialect } from '../dialect.ts';
import { lockApplication } from '../directory/applicationStore.ts';
import type { Page } from '../page.ts';
import { PreparedQuery } from '../preparedQuery.ts';
import type { CampaignTable, Database } from '../schema.ts';
import { deleteCallees, inSeqRanges, insertCallees } from './calleeRows.ts';
import { type CampaignRow, changedColumns, settingsColumns } from './campaignRecord.ts';

export interface NewCampaign {
  readonly sdkAppId: number;
  readonly settings: CampaignSettings;
  readonly callees: CalleeList;
  readonly maxLiveCampaigns: number | null;
  readonly nowMs: number;
  /**
   * The backend, for how two creates of one application are kept from both passing the limit:
   * PostgreSQL (the default) locks the application's row; SQLite's single writer runs one write
   * transaction at a time anyway (see GroupCommit), so it only reads the count.
   */
  readonly dialect?: Dialect;
}

/**
 * Creates the campaign and all its callee rows in one transaction: the campaign exists with every
 * callee or not at all, and the client hears of it only after the commit.
 */
export async function createCampaign(db: Kysely<Database>, campaign: NewCampaign): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const live =
      campaign.dialect === 'sqlite'
        ? await liveCampaigns(tx, campaign.sdkAppId)
        : ((await lockApplication(tx, campaign.sdkAppId))?.liveCampaigns ?? 0);
    requireRoomForCampaign(live, campaign.maxLiveCampaigns);
    const inserted = await insertCampaign.executeTakeFirst(tx, {
      sdk_app_id: campaign.sdkAppId,
      ...settingsColumns(campaign.settings),
      status: CampaignStatus.Ready,
      status_reason: StatusReason.Normal,
      callee_count: campaign.callees.numbers.length,
      finished_callee_count: 0,
      deleted: 0,
      created_at: campaign.nowMs,
      updated_at: campaign.nowMs,
    });
    if (!inserted) throw new Error('the new campaign row was not returned');
    const id = Number(inserted.campaign_id);
    await insertCallees(
      tx,
      id,
      campaign.callees,
      campaign.settings.callOrder,
      shuffleSeed(id, campaign.nowMs),
    );
    return id;
  });
}

/** On SQLite: the no-op UPDATE cost ~80 µs of a Create in the server, the read a fraction of it. */
async function liveCampaigns(tx: Kysely<Database>, sdkAppId: number): Promise<number> {
  const row = await liveCampaignCount.executeTakeFirst(tx, { sdkAppId });
  return Number(row?.live_campaigns ?? 0);
}

const liveCampaignCount = new PreparedQuery((db: Kysely<Database>, values: { sdkAppId: number }) =>
  db.selectFrom('applications').select('live_campaigns').where('sdk_app_id', '=', values.sdkAppId),
);

type NewCampaignRow = Insertable<CampaignTable> & ReturnType<typeof settingsColumns>;

/** Every column is given a value (a placeholder each), so the statement is the same for every campaign. */
const insertCampaign = new PreparedQuery((db: Kysely<Database>, values: NewCampaignRow) =>
  db.insertInto('campaigns').values(values).returning('campaign_id'),
);

/** The application's campaign, unless deleted; another application's id finds nothing. */
export async function findCampaign(
  db: Kysely<Database>,
  sdkAppId: number,
  campaignId: number,
): Promise<CampaignRow | undefined> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('sdk_app_id', '=', sdkAppId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
}

export interface CampaignFilter {
  readonly sdkAppId: number;
  /** Substring of the name, case-insensitive. */
  readonly nameKeyword?: string | undefined;
  readonly skillGroupId?: number | undefined;
  readonly campaignId?: number | undefined;
}

/** What a campaign list shows of each campaign. */
const LIST_COLUMNS = [
  'campaign_id',
  'name',
  'status',
  'status_reason',
  'callee_count',
  'finished_callee_count',
  'priority',
  'skill_group_id',
] as const;

export type CampaignListRow = Pick<CampaignRow, (typeof LIST_COLUMNS)[number]>;

/**
 * One page of the application's campaigns, newest first, and how many match in all. Only the
 * listed columns are read: better-sqlite3 builds an object of every selected column for each row,
 * and all 26 of a 20-row page cost ~4× the 8 a list shows (measured 34 µs against 140–275 µs for
 * 20 rows, the latter also sorted in a temporary B-tree before migration 003).
 */
export async function listCampaigns(
  db: Kysely<Database>,
  filter: CampaignFilter,
  page: Page,
): Promise<{ total: number; rows: CampaignListRow[] }> {
  const byName = filter.nameKeyword !== undefined && filter.nameKeyword !== '';
  const values: ListValues = {
    sdkAppId: filter.sdkAppId,
    namePattern: byName ? likeSubstring(filter.nameKeyword!) : '',
    skillGroupId: filter.skillGroupId ?? 0,
    campaignId: filter.campaignId ?? 0,
    limit: page.limit + 1,
    offset: page.offset,
  };
  const shape: ListShape = `${byName ? 'n' : ''}${filter.skillGroupId !== undefined ? 's' : ''}${filter.campaignId !== undefined ? 'c' : ''}`;
  // One row more than the page: if it does not come, this is the last page and the total is known
  // without counting (in a small application, every page) — a count costs a query of its own.
  const rows = await listPage.execute(db, values, shape);
  if (rows.length <= page.limit && (rows.length > 0 || page.offset === 0)) {
    return { total: page.offset + rows.length, rows };
  }
  // More rows follow, or the page is past the end (however far: PageNumber is the client's).
  const counted = await listCount.executeTakeFirst(db, values, shape);
  return { total: Number(counted?.count ?? 0), rows: rows.slice(0, page.limit) };
}

interface ListValues {
  readonly sdkAppId: number;
  readonly namePattern: string;
  readonly skillGroupId: number;
  readonly campaignId: number;
  readonly limit: number;
  readonly offset: number;
}

/** Which filters a list has: a letter each, for name (n), skill group (s) and campaign (c). */
type ListShape = string;

/** The campaigns a list filter matches; the filters the shape names are applied. */
function matching(db: Kysely<Database>, values: ListValues, shape: ListShape) {
  return db
    .selectFrom('campaigns')
    .where('sdk_app_id', '=', values.sdkAppId)
    .where('deleted', '=', 0)
    .$if(shape.includes('n'), (qb) =>
      qb.where(sql<boolean>`lower(name) like lower(${values.namePattern}) escape '\\'`),
    )
    .$if(shape.includes('s'), (qb) => qb.where('skill_group_id', '=', values.skillGroupId))
    .$if(shape.includes('c'), (qb) => qb.where('campaign_id', '=', values.campaignId));
}

const listPage = new PreparedQuery((db: Kysely<Database>, values: ListValues, shape: ListShape) =>
  matching(db, values, shape)
    .select(LIST_COLUMNS)
    .orderBy('created_at', 'desc')
    .orderBy('campaign_id', 'desc')
    .limit(values.limit)
    .offset(values.offset),
);

const listCount = new PreparedQuery((db: Kysely<Database>, values: ListValues, shape: ListShape) =>
  matching(db, values, shape).select((eb) => eb.fn.countAll<number>().as('count')),
);

/**
 * RetryTimes lowered: a callee waiting for a retry it is no longer allowed is finished now, as its
 * last attempt would have left it under the new setting, and counted. No callee gets more than
 * 1 + RetryTimes attempts, whenever RetryTimes changed. (One on a call is judged when it ends.)
 */
async function finishExhaustedCallees(tx: Kysely<Database>, campaignId: number, retryTimes: number) {
  const count = await inSeqRanges(tx, campaignId, async (from, to) => {
    const finished = await tx
      .updateTable('callees')
      .set({ state: 'finished' })
      .where('campaign_id', '=', campaignId)
      .where('seq', '>=', from)
      .where('seq', '<', to)
      .where('state', '=', 'pending')
      .where('attempts', '>=', 1 + retryTimes)
      .executeTakeFirst();
    return Number(finished.numUpdatedRows);
  });
  if (count === 0) return;
  await tx
    .updateTable('campaigns')
    .set((eb) => ({ finished_callee_count: eb('finished_callee_count', '+', count) }))
    .where('campaign_id', '=', campaignId)
    .execute();
}

/** A LIKE pattern matching `keyword` anywhere, its own `%`, `_` and `\` taken literally. */
function likeSubstring(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Applies a command's outcome if the campaign is still in one of the `from` statuses. The status
 * test is in the UPDATE itself, so of two racing requests only one can change the row.
 * Resolves false when nothing changed: the campaign is gone or its status moved meanwhile.
 */
export async function applyCampaignCommand(
  db: Kysely<Database>,
  sdkAppId: number,
  campaignId: number,
  from: readonly CampaignStatus[],
  outcome: CommandOutcome,
  nowMs: number,
): Promise<boolean> {
  const changes: Updateable<CampaignTable> =
    outcome.kind === 'deleted'
      ? { deleted: 1, updated_at: nowMs }
      : { status: outcome.status, status_reason: outcome.statusReason, updated_at: nowMs };
  const result = await db
    .updateTable('campaigns')
    .set(changes)
    .where('campaign_id', '=', campaignId)
    .where('sdk_app_id', '=', sdkAppId)
    .where('deleted', '=', 0)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface CampaignUpdate {
  readonly sdkAppId: number;
  readonly campaignId: number;
  /** The statuses the update is legal in; checked in the UPDATE itself, as for commands. */
  readonly from: readonly CampaignStatus[];
  /** The settings as read before the update, and as they become: only the difference is written. */
  readonly before: CampaignSettings;
  readonly after: CampaignSettings;
  /** A new callee list (replacing every callee row), or undefined to keep the rows. */
  readonly callees: CalleeList | undefined;
  readonly nowMs: number;
}

/** Writes a campaign's new settings (and callee list) in one transaction; false as for commands. */
export async function updateCampaign(db: Kysely<Database>, update: CampaignUpdate): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('campaigns')
      .set({
        ...changedColumns(update.before, update.after),
        ...(update.callees ? { callee_count: update.callees.numbers.length } : {}),
        updated_at: update.nowMs,
      })
      .where('campaign_id', '=', update.campaignId)
      .where('sdk_app_id', '=', update.sdkAppId)
      .where('deleted', '=', 0)
      .where('status', 'in', update.from)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    if (!update.callees && update.after.retryTimes < update.before.retryTimes) {
      await finishExhaustedCallees(tx, update.campaignId, update.after.retryTimes);
    }
    if (update.callees) {
      const { created_at } = await tx
        .selectFrom('campaigns')
        .select('created_at')
        .where('campaign_id', '=', update.campaignId)
        .executeTakeFirstOrThrow();
      await deleteCallees(tx, update.campaignId);
      await insertCallees(
        tx,
        update.campaignId,
        update.callees,
        update.after.callOrder,
        shuffleSeed(update.campaignId, created_at),
      );
    }
    return true;
  });
}
