import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ApplicationConfig, loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/configError.ts';
import type { OpenedDatabase } from '../../src/store/database.ts';
import { insertAccessKey } from '../../src/store/directory/accessKeyStore.ts';
import { insertApplication } from '../../src/store/directory/applicationStore.ts';
import { markSkillGroupDeleted } from '../../src/store/directory/skillGroupStore.ts';
import { deleteOfflineStaff } from '../../src/store/directory/staffStore.ts';
import { provisionApplications } from '../../src/store/provision.ts';
import { openTestDatabase, storeBackends } from '../support/testDatabase.ts';

const T0 = Date.UTC(2025, 2, 3, 9);
const APP = 1400000001;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-provision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const application: ApplicationConfig = {
  sdkAppId: APP,
  name: 'Shop',
  account: 'shop',
  skillGroups: [
    { skillGroupId: 255, name: 'Outbound sales' },
    { skillGroupId: 256, name: 'Retention' },
  ],
  staff: [
    { mail: 'ann@example.com', name: 'Ann', staffNumber: '1', password: 'secret', skillGroupIds: [255, 256] },
    { mail: 'bob@example.com', name: 'Bob', staffNumber: '2', skillGroupIds: [256] },
  ],
  simulatedAgents: { skillGroupId: 255, count: 2 },
};

const config = loadConfig({}, { dataDir: dir, applications: [application] }, dir);

describe.each(storeBackends())('provisioning the config’s applications, %s', (backend) => {
  let database: OpenedDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  const staffMails = async (db: OpenedDatabase) =>
    (
      await db.db.selectFrom('staff').select('mail').where('sdk_app_id', '=', APP).orderBy('mail').execute()
    ).map((r) => r.mail);
  const liveGroups = async (db: OpenedDatabase) =>
    (
      await db.db
        .selectFrom('skill_groups')
        .select('skill_group_id')
        .where('sdk_app_id', '=', APP)
        .where('deleted', '=', 0)
        .orderBy('skill_group_id')
        .execute()
    ).map((r) => r.skill_group_id);
  const bindings = async (db: OpenedDatabase, mail: string) =>
    (
      await db.db
        .selectFrom('staff_skill_groups')
        .select('skill_group_id')
        .where('sdk_app_id', '=', APP)
        .where('mail', '=', mail)
        .orderBy('skill_group_id')
        .execute()
    ).map((r) => r.skill_group_id);

  /** The config's skill groups, staff (the simulated agents too) and bindings, all there. */
  const expectSeeded = async (db: OpenedDatabase) => {
    expect(await liveGroups(db)).toEqual([255, 256]);
    expect(await staffMails(db)).toEqual([
      `agent1@${APP}.sim`,
      `agent2@${APP}.sim`,
      'ann@example.com',
      'bob@example.com',
    ]);
    expect(await bindings(db, 'ann@example.com')).toEqual([255, 256]);
  };

  it('gives a fresh database the config’s skill groups, staff and simulated agents', async () => {
    database = await openTestDatabase(backend, 'provision');
    await provisionApplications(database, config, T0);
    await expectSeeded(database);
  });

  it('leaves staff and skill groups the API deleted deleted at the next start', async () => {
    database = await openTestDatabase(backend, 'provision');
    await provisionApplications(database, config, T0);
    // As DeleteStaff and DeleteCCCSkillGroup do.
    expect(await deleteOfflineStaff(database.db, APP, 'ann@example.com')).toBe(true);
    await markSkillGroupDeleted(database.db, 256, T0 + 1000);
    await provisionApplications(database, config, T0 + 60_000);
    expect(await staffMails(database)).toEqual([`agent1@${APP}.sim`, `agent2@${APP}.sim`, 'bob@example.com']);
    expect(await bindings(database, 'ann@example.com')).toEqual([]);
    expect(await liveGroups(database)).toEqual([255]);
    // The rest of the application is still applied at every start.
    const renamed = loadConfig({}, { dataDir: dir, applications: [{ ...application, name: 'Shop 2' }] }, dir);
    await provisionApplications(database, renamed, T0 + 120_000);
    const row = await database.db
      .selectFrom('applications')
      .select('name')
      .where('sdk_app_id', '=', APP)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Shop 2');
    expect(await staffMails(database)).not.toContain('ann@example.com');
  });

  it('seeds an application `admin app add` made before the config declared it, once', async () => {
    database = await openTestDatabase(backend, 'provision');
    await insertApplication(database.db, { sdkAppId: APP, name: 'Shop', accountId: 'shop', at: T0 });
    expect(await staffMails(database)).toEqual([]);
    await provisionApplications(database, config, T0 + 60_000);
    await expectSeeded(database);
    // Seeded once: what the API deletes afterwards stays deleted.
    expect(await deleteOfflineStaff(database.db, APP, 'bob@example.com')).toBe(true);
    await provisionApplications(database, config, T0 + 120_000);
    expect(await staffMails(database)).not.toContain('bob@example.com');
  });

  it('refuses to start when a skill group the config declares is another application’s', async () => {
    database = await openTestDatabase(backend, 'provision');
    // As CreateCCCSkillGroup of another application may have taken the id.
    await insertApplication(database.db, { sdkAppId: APP + 1, name: 'Other', accountId: 'other', at: T0 });
    await database.db
      .insertInto('skill_groups')
      .values({
        skill_group_id: 256,
        sdk_app_id: APP + 1,
        name: 'Theirs',
        type: 0,
        max_concurrency: 1,
        modified_at: T0,
        deleted: 0,
      })
      .execute();
    await expect(provisionApplications(database, config, T0)).rejects.toThrow(
      new ConfigError(
        `skillGroups: skill group 256 of application ${APP} is application ${APP + 1}'s in the database; give it another skillGroupId`,
      ),
    );
    // Nothing of this application's staff was bound to the other's group.
    expect(await bindings(database, 'bob@example.com')).toEqual([]);
  });

  const keyStates = async (db: OpenedDatabase) =>
    Object.fromEntries(
      (
        await db.db
          .selectFrom('access_keys')
          .select(['secret_id', 'enabled'])
          .where('account_id', '=', 'shop')
          .execute()
      ).map((r) => [r.secret_id, r.enabled === 1]),
    );
  const withKeys = (...secretIds: string[]) =>
    loadConfig(
      {},
      {
        dataDir: dir,
        applications: [
          { ...application, keys: secretIds.map((id) => ({ secretId: id, secretKey: `${id}-secret` })) },
        ],
      },
      dir,
    );

  it('disables at the next start a key the file no longer declares, and leaves keys added with admin alone', async () => {
    database = await openTestDatabase(backend, 'provision');
    await provisionApplications(database, withKeys('AKIDold00', 'AKIDkept0'), T0);
    await insertAccessKey(database.db, {
      secretId: 'AKIDbyhand',
      secretKey: 'by-hand-secret',
      accountId: 'shop',
      at: T0,
      origin: 'admin',
    });
    await provisionApplications(database, withKeys('AKIDkept0', 'AKIDnew00'), T0 + 60_000);
    expect(await keyStates(database)).toEqual({
      AKIDold00: false,
      AKIDkept0: true,
      AKIDnew00: true,
      AKIDbyhand: true,
    });
    // Declared again, it is enabled again.
    await provisionApplications(database, withKeys('AKIDold00'), T0 + 120_000);
    expect(await keyStates(database)).toEqual({
      AKIDold00: true,
      AKIDkept0: false,
      AKIDnew00: false,
      AKIDbyhand: true,
    });
  });

  it('retires the key it generated once the file declares keys for the account', async () => {
    database = await openTestDatabase(backend, 'provision');
    const [generated] = await provisionApplications(database, config, T0);
    expect(generated!.generated).toBe(true);
    // Kept across starts while the file declares none.
    const [again] = await provisionApplications(database, config, T0 + 60_000);
    expect(again!.secretId).toBe(generated!.secretId);
    await provisionApplications(database, withKeys('AKIDreal0'), T0 + 120_000);
    expect(await keyStates(database)).toEqual({ [generated!.secretId]: false, AKIDreal0: true });
  });

  it('signs an application without keys of its own with the keys its account declares elsewhere', async () => {
    database = await openTestDatabase(backend, 'provision');
    const shared = loadConfig(
      {},
      {
        dataDir: dir,
        applications: [
          { ...application, staff: [], simulatedAgents: undefined, skillGroups: [] },
          {
            sdkAppId: APP + 1,
            name: 'Shop annex',
            account: 'shop',
            keys: [{ secretId: 'AKIDshared', secretKey: 'shared-secret' }],
          },
        ],
      },
      dir,
    );
    const shown = await provisionApplications(database, shared, T0);
    expect(shown.map((k) => [k.secretId, k.generated])).toEqual([
      ['AKIDshared', false],
      ['AKIDshared', false],
    ]);
    expect(await keyStates(database)).toEqual({ AKIDshared: true });
  });
});
