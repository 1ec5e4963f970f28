import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ApplicationConfig, loadConfig } from '../../src/config.ts';
import type { OpenedDatabase } from '../../src/store/database.ts';
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

  it('gives a fresh database the config’s skill groups, staff and simulated agents', async () => {
    database = await openTestDatabase(backend, 'provision');
    await provisionApplications(database, config, T0);
    expect(await liveGroups(database)).toEqual([255, 256]);
    expect(await staffMails(database)).toEqual([
      `agent1@${APP}.sim`,
      `agent2@${APP}.sim`,
      'ann@example.com',
      'bob@example.com',
    ]);
    expect(await bindings(database, 'ann@example.com')).toEqual([255, 256]);
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
});
