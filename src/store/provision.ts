import { type Kysely, sql } from 'kysely';
import type { ApplicationConfig, Config } from '../config.ts';
import { ConfigError } from '../configError.ts';
import { generateAccessKeyPair } from '../domain/accessKeyPair.ts';
import { agentCredentials } from '../domain/agentCredentials.ts';
import type { OpenedDatabase } from './database.ts';
import { insertAccessKey, retireUndeclaredKeys, upsertAccessKey } from './directory/accessKeyStore.ts';
import { upsertIvr } from './directory/ivrStore.ts';
import { upsertNumber } from './directory/numberStore.ts';
import type { Database } from './schema.ts';

type StaffConfig = NonNullable<ApplicationConfig['staff']>[number];

export interface ProvisionedKey {
  readonly sdkAppId: number;
  readonly secretId: string;
  readonly secretKey: string;
  readonly generated: boolean;
}

/**
 * Brings the database in line with the applications the config declares, as the CCC console would
 * have set them up. Idempotent: it runs at every start. Skill groups and staff are created once, the
 * first time the config provisions their application (even one `admin app add` made before): from
 * then on they are the API's, so one the API deletes stays deleted and one it changes keeps its
 * changes.
 * Keys follow the file: one it no longer declares is disabled (retireUndeclaredKeys).
 * Returns one key per application, for the start-up banner.
 */
export async function provisionApplications(
  database: Pick<OpenedDatabase, 'db' | 'dialect'>,
  config: Config,
  now: number,
): Promise<ProvisionedKey[]> {
  const { db } = database;
  const keys: ProvisionedKey[] = [];
  const declaredKeys = config.applications.map((app, index) => [
    ...(app.keys ?? []),
    ...(index === 0 && config.demoKey ? [config.demoKey] : []),
  ]);
  // Each account's keys, as the first of its applications that declares any declares them.
  const accountKeys = new Map<string, (typeof declaredKeys)[number]>();
  for (const [index, app] of config.applications.entries()) {
    const declared = declaredKeys[index]!;
    if (declared.length > 0 && !accountKeys.has(app.account)) accountKeys.set(app.account, declared);
  }
  await db.transaction().execute((tx) =>
    retireUndeclaredKeys(
      tx,
      declaredKeys.flat().map((k) => k.secretId),
      [...accountKeys.keys()],
    ),
  );
  for (const [index, app] of config.applications.entries()) {
    await db.transaction().execute(async (tx) => {
      const seeded = await upsertApplication(tx, app, now);
      await upsertNumbersAndIvrs(tx, app);
      if (!seeded) {
        await createSkillGroups(tx, app, now);
        await createStaff(tx, app, now);
        await tx
          .updateTable('applications')
          .set({ seeded_from_config: 1 })
          .where('sdk_app_id', '=', app.sdkAppId)
          .execute();
      }
      const declared = declaredKeys[index]!;
      for (const k of declared) {
        await upsertAccessKey(tx, {
          secretId: k.secretId,
          secretKey: k.secretKey,
          accountId: app.account,
          at: now,
        });
      }
      // An application without keys of its own signs with its account's, if another declares any.
      const shown = declared.at(-1) ?? accountKeys.get(app.account)?.at(-1);
      if (shown) {
        keys.push({ sdkAppId: app.sdkAppId, ...shown, generated: false });
      } else {
        keys.push({ sdkAppId: app.sdkAppId, ...(await generatedKey(tx, app.account, now)) });
      }
    });
  }
  if (database.dialect === 'postgres') {
    // Skill groups were inserted with the ids the config gives; move the sequence past them so the
    // ids PostgreSQL hands out to CreateCCCSkillGroup never collide with them.
    await sql`SELECT setval(pg_get_serial_sequence('skill_groups', 'skill_group_id'), GREATEST((SELECT COALESCE(MAX(skill_group_id), 0) FROM skill_groups), 1))`.execute(
      db,
    );
  }
  return keys;
}

/**
 * Adds or updates the application and its account. Returns whether the configuration has already
 * given it its skill groups and staff: false for a new application, and for one first made by
 * `admin app add`.
 */
async function upsertApplication(
  db: Kysely<Database>,
  app: ApplicationConfig,
  now: number,
): Promise<boolean> {
  const account = await db
    .selectFrom('accounts')
    .select('account_id')
    .where('account_id', '=', app.account)
    .executeTakeFirst();
  if (!account)
    await db
      .insertInto('accounts')
      .values({ account_id: app.account, name: app.account, created_at: now })
      .execute();

  const limits = app.limits ?? {};
  const row = {
    account_id: app.account,
    name: app.name,
    max_callees_per_campaign: limits.maxCalleesPerCampaign ?? null,
    max_live_campaigns: limits.maxLiveCampaigns ?? null,
    abandon_rate_ceiling: limits.abandonRateCeiling ?? null,
    abandon_quiet_seconds: limits.abandonQuietSeconds ?? null,
    max_concurrent_calls: limits.maxConcurrentCalls ?? null,
    max_calls_per_second: limits.maxCallsPerSecond ?? null,
    wrap_up_seconds: limits.wrapUpSeconds ?? null,
  };
  const existing = await db
    .updateTable('applications')
    .set(row)
    .where('sdk_app_id', '=', app.sdkAppId)
    .returning('seeded_from_config')
    .executeTakeFirst();
  if (existing) return existing.seeded_from_config === 1;
  await db
    .insertInto('applications')
    .values({ sdk_app_id: app.sdkAppId, created_at: now, ...row })
    .execute();
  return false;
}

async function upsertNumbersAndIvrs(db: Kysely<Database>, app: ApplicationConfig): Promise<void> {
  for (const n of app.numbers ?? []) {
    // The config is the whole truth of a number it declares: absent settings reset to defaults.
    await upsertNumber(db, {
      sdkAppId: app.sdkAppId,
      number: n.number,
      state: n.state ?? 1,
      callOutSkillGroupIds: n.callOutSkillGroupIds ?? [],
      maxConcurrentCalls: n.maxConcurrentCalls ?? null,
      maxCallsPerSecond: n.maxCallsPerSecond ?? null,
    });
  }

  for (const ivr of app.ivrs ?? []) {
    await upsertIvr(db, {
      sdkAppId: app.sdkAppId,
      ivrId: ivr.ivrId,
      name: ivr.name,
      target: ivr.target ?? `ivr:${ivr.ivrId}`,
    });
  }
}

async function createSkillGroups(db: Kysely<Database>, app: ApplicationConfig, now: number): Promise<void> {
  for (const group of app.skillGroups ?? []) {
    const has = await db
      .selectFrom('skill_groups')
      .select('sdk_app_id')
      .where('skill_group_id', '=', group.skillGroupId)
      .executeTakeFirst();
    // Ids are global: one the API gave another application's group cannot be this one's, and
    // binding this application's staff to it would hand them to the other tenant's campaigns.
    if (has && Number(has.sdk_app_id) !== app.sdkAppId) {
      throw new ConfigError(
        `skillGroups: skill group ${group.skillGroupId} of application ${app.sdkAppId} is application ${has.sdk_app_id}'s in the database; give it another skillGroupId`,
      );
    }
    if (!has) {
      await db
        .insertInto('skill_groups')
        .values({
          skill_group_id: group.skillGroupId,
          sdk_app_id: app.sdkAppId,
          name: group.name,
          type: group.type ?? 0,
          max_concurrency: group.maxConcurrency ?? 1,
          modified_at: now,
          deleted: 0,
        })
        .execute();
    }
  }
}

/** The staff the config declares, with the demo's simulated agents spelled out. */
function declaredStaff(app: ApplicationConfig): StaffConfig[] {
  const staff = [...(app.staff ?? [])];
  if (app.simulatedAgents) {
    for (let i = 1; i <= app.simulatedAgents.count; i++) {
      staff.push({
        mail: `agent${i}@${app.sdkAppId}.sim`,
        name: `Agent ${i}`,
        staffNumber: String(1000 + i),
        password: 'agent',
        skillGroupIds: [app.simulatedAgents.skillGroupId],
        startFree: true,
      });
    }
  }
  return staff;
}

async function createStaff(db: Kysely<Database>, app: ApplicationConfig, now: number): Promise<void> {
  for (const s of declaredStaff(app)) {
    const has = await db
      .selectFrom('staff')
      .select('mail')
      .where('sdk_app_id', '=', app.sdkAppId)
      .where('mail', '=', s.mail)
      .executeTakeFirst();
    if (has) continue;
    const status = s.startFree ? 'free' : 'offline';
    const credentials = s.password ? await agentCredentials(s.mail, s.password) : undefined;
    await db
      .insertInto('staff')
      .values({
        sdk_app_id: app.sdkAppId,
        mail: s.mail,
        user_id: s.mail,
        name: s.name,
        phone: s.phone ?? '',
        nick: s.nick ?? s.name,
        staff_number: s.staffNumber,
        password_hash: credentials?.passwordHash ?? null,
        sip_ha1: credentials?.sipHa1 ?? null,
        sip_uri: s.sipUri ?? null,
        status,
        status_reason: '',
        status_since: now,
        last_online_at: s.startFree ? now : null,
        modified_at: now,
      })
      .execute();
    await db
      .insertInto('staff_status_log')
      .values({ sdk_app_id: app.sdkAppId, mail: s.mail, status, reason: '', at: now })
      .execute();
    for (const groupId of s.skillGroupIds ?? []) {
      await db
        .insertInto('staff_skill_groups')
        .values({ sdk_app_id: app.sdkAppId, mail: s.mail, skill_group_id: groupId, priority: 3 })
        .execute();
    }
  }
}

/** The account's first enabled key, or a new one made once and kept in the database. */
async function generatedKey(db: Kysely<Database>, accountId: string, now: number) {
  const existing = await db
    .selectFrom('access_keys')
    .select(['secret_id', 'secret_key'])
    .where('account_id', '=', accountId)
    .where('enabled', '=', 1)
    .orderBy('created_at')
    .executeTakeFirst();
  if (existing) return { secretId: existing.secret_id, secretKey: existing.secret_key, generated: false };
  const { secretId, secretKey } = generateAccessKeyPair();
  await insertAccessKey(db, { secretId, secretKey, accountId, at: now, origin: 'generated' });
  return { secretId, secretKey, generated: true };
}
