import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommand } from '../../src/commands/admin.ts';
import { loadConfig } from '../../src/config.ts';
import { verifyPassword } from '../../src/domain/password.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { cccClient, errorCodeOf } from '../support/sdk.ts';

let dataDir: string;
let runtime: Runtime;
let endpoint: string;

/** Runs `ccc-dialer admin <args>` in-process on the temp data dir; returns what it printed. */
async function admin(...args: string[]): Promise<string[]> {
  return adminWithStdin('', ...args);
}

/** The same, with `stdin` as what the command reads its password from. */
async function adminWithStdin(stdin: string, ...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const command = adminCommand({
    env: { CCC_DATA_DIR: dataDir },
    cwd: dataDir,
    print: (l) => lines.push(l),
    readPassword: async () => stdin,
  });
  quiet(command);
  await command.parseAsync(args, { from: 'user' });
  return lines;
}

/** Commander exits the process on a usage error unless told to throw instead. */
function quiet(command: Command): void {
  command.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const sub of command.commands) quiet(sub);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ccc-admin-'));
  // The server runs on the same database throughout, as it would while an operator uses admin.
  runtime = await createRuntime(
    loadConfig({}, { dataDir, port: 0, rateLimit: 0, applications: [] }, dataDir),
    {
      logger: pino({ level: 'silent' }),
    },
  );
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const address = runtime.app.server.address();
  endpoint = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const APP = 1400000777;

describe('ccc-dialer admin', () => {
  let generated: { secretId: string; secretKey: string };

  it('adds an application, its account and a generated key that the API then accepts', async () => {
    expect(
      await admin('app', 'add', '--sdk-app-id', String(APP), '--name', 'Shop', '--account', 'shop'),
    ).toEqual([`added application ${APP} "Shop" to new account shop`]);
    const printed = await admin('key', 'add', '--account', 'shop');
    expect(printed[0]).toBe('added key to account shop');
    const secretId = printed[1]!.match(/SecretId\s+(\S+)/)![1]!;
    const secretKey = printed[2]!.match(/SecretKey\s+(\S+)/)![1]!;
    expect(secretId).toMatch(/^AKID[0-9a-f]{32}$/);
    generated = { secretId, secretKey };
    const answer = await cccClient(endpoint, generated).DescribeNumbers({ SdkAppId: APP });
    expect(answer).toMatchObject({ TotalCount: 0, Numbers: [] });
  });

  it('adds a caller number, and changes its state when added again', async () => {
    expect(await admin('number', 'add', '--sdk-app-id', String(APP), '--number', '+14155550999')).toEqual([
      `added number +14155550999 (state 1) of application ${APP}`,
    ]);
    expect(
      await admin('number', 'add', '--sdk-app-id', String(APP), '--number', '+14155550999', '--state', '4'),
    ).toEqual([`updated number +14155550999 (state 4) of application ${APP}`]);
    const answer = await cccClient(endpoint, generated).DescribeNumbers({ SdkAppId: APP });
    expect(answer.Numbers).toEqual([{ Number: '+14155550999', State: 4, CallOutSkillGroupIds: [] }]);
  });

  it('adds an IVR, targeted at ivr:<id> unless told otherwise', async () => {
    expect(
      await admin('ivr', 'add', '--sdk-app-id', String(APP), '--ivr-id', '12', '--name', 'Sorry'),
    ).toEqual([`added IVR 12 "Sorry" → ivr:12 of application ${APP}`]);
    await admin(
      'ivr',
      'add',
      '--sdk-app-id',
      String(APP),
      '--ivr-id',
      '12',
      '--name',
      'Busy',
      '--target',
      'sip:ivr@10.0.0.9',
    );
    const row = await runtime.database.db
      .selectFrom('ivrs')
      .selectAll()
      .where('sdk_app_id', '=', APP)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ivr_id: 12, name: 'Busy', target: 'sip:ivr@10.0.0.9' });
  });

  it("sets an agent's password", async () => {
    const sdk = cccClient(endpoint, generated);
    await sdk.CreateStaff({
      SdkAppId: APP,
      Staffs: [{ Name: 'Jo', Mail: 'jo@shop.test', StaffNumber: '1' }],
    });
    expect(
      await admin(
        'staff',
        'password',
        '--sdk-app-id',
        String(APP),
        '--mail',
        'jo@shop.test',
        '--password',
        'open sesame',
      ),
    ).toEqual([`set the password of agent jo@shop.test of application ${APP}`]);
    const row = await runtime.database.db
      .selectFrom('staff')
      .select('password_hash')
      .where('mail', '=', 'jo@shop.test')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('open sesame', row.password_hash!)).toBe(true);
  });

  it('adds a key given by the operator, and disables it', async () => {
    const key = { secretId: 'AKIDoperatorchosen0001', secretKey: 'operator-chosen-secret' };
    await admin(
      'key',
      'add',
      '--account',
      'shop',
      '--secret-id',
      key.secretId,
      '--secret-key',
      key.secretKey,
    );
    expect((await cccClient(endpoint, key).DescribeNumbers({ SdkAppId: APP })).TotalCount).toBe(1);
    expect(await admin('key', 'disable', '--secret-id', key.secretId)).toEqual([
      `disabled key ${key.secretId}`,
    ]);
    expect(await errorCodeOf(cccClient(endpoint, key).DescribeNumbers({ SdkAppId: APP }))).toBe(
      'AuthFailure.SecretIdNotFound',
    );
  });

  it('hashes an operator password read from stdin, for the config to hold', async () => {
    const printed = await adminWithStdin('supervisor password', 'operator', 'hash');
    expect(printed).toHaveLength(1);
    const hash = printed[0]!;
    expect(hash).not.toContain('supervisor password');
    expect(await verifyPassword('supervisor password', hash)).toBe(true);
    expect(await verifyPassword('another password', hash)).toBe(false);
    const config = loadConfig(
      {},
      {
        applications: [{ sdkAppId: APP, name: 'Shop', account: 'shop' }],
        operators: [{ name: 'lee', account: 'shop', passwordHash: hash }],
      },
      dataDir,
    );
    expect(config.operators[0]?.passwordHash).toBe(hash);
    // Salted: the same password never hashes the same twice.
    expect(await adminWithStdin('supervisor password', 'operator', 'hash')).not.toEqual(printed);
    await expect(adminWithStdin('short', 'operator', 'hash')).rejects.toThrow('at least 8 characters');
    // The password is never an argument, where `ps` and shell history would keep it.
    await expect(admin('operator', 'hash', '--password', 'supervisor password')).rejects.toThrow(
      /unknown option/,
    );
  });

  it('refuses what cannot be done, saying why', async () => {
    await expect(
      admin('app', 'add', '--sdk-app-id', String(APP), '--name', 'Again', '--account', 'shop'),
    ).rejects.toThrow(`application ${APP} already exists`);
    await expect(admin('key', 'add', '--account', 'nobody')).rejects.toThrow('account nobody does not exist');
    await expect(admin('key', 'add', '--account', 'shop', '--secret-id', 'AKIDhalfakey')).rejects.toThrow(
      'give both --secret-id and --secret-key',
    );
    await expect(admin('key', 'disable', '--secret-id', 'AKIDnone')).rejects.toThrow(
      'key AKIDnone does not exist',
    );
    await expect(admin('number', 'add', '--sdk-app-id', '42', '--number', '1')).rejects.toThrow(
      'application 42 does not exist',
    );
    await expect(
      admin(
        'staff',
        'password',
        '--sdk-app-id',
        String(APP),
        '--mail',
        'nobody@shop.test',
        '--password',
        'long enough',
      ),
    ).rejects.toThrow('has no agent nobody@shop.test');
    await expect(
      admin(
        'staff',
        'password',
        '--sdk-app-id',
        String(APP),
        '--mail',
        'jo@shop.test',
        '--password',
        'short',
      ),
    ).rejects.toThrow('at least 8 characters');
    await expect(admin('number', 'add', '--sdk-app-id', 'x', '--number', '1')).rejects.toThrow(
      'positive integer',
    );
    await expect(admin('app', 'add', '--name', 'No id', '--account', 'shop')).rejects.toThrow('--sdk-app-id');
  });
});
