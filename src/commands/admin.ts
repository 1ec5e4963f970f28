import { Command, InvalidArgumentError } from 'commander';
import type { Kysely } from 'kysely';
import { type Config, loadConfig } from '../config.ts';
import { generateAccessKeyPair } from '../domain/accessKeyPair.ts';
import { agentCredentials } from '../domain/agentCredentials.ts';
import { hashPassword } from '../domain/password.ts';
import { openDatabase } from '../store/database.ts';
import { databaseLocation } from '../store/databaseLocation.ts';
import { accessKeyExists, disableAccessKey, insertAccessKey } from '../store/directory/accessKeyStore.ts';
import { accountExists, applicationExists, insertApplication } from '../store/directory/applicationStore.ts';
import { upsertIvr } from '../store/directory/ivrStore.ts';
import { upsertNumber } from '../store/directory/numberStore.ts';
import { setStaffPassword } from '../store/directory/staffStore.ts';
import type { Database } from '../store/schema.ts';
import { CommandError } from './commandError.ts';
import { readPasswordFromStdin } from './passwordInput.ts';

export interface AdminOptions {
  /** Where settings come from (CCC_CONFIG, CCC_DATA_DIR, CCC_DATABASE_URL …); process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Where each command reports what it did; stdout by default. */
  readonly print?: (line: string) => void;
  /** Stamps rows with this time (ms); the real clock by default. */
  readonly now?: () => number;
  /** Where a password is read from; stdin by default (a prompt without echo at a terminal). */
  readonly readPassword?: () => Promise<string>;
}

/** A refusal of an admin command: the operator asked for something that cannot be done. */
export class AdminError extends CommandError {
  override name = 'AdminError';
}

/**
 * `ccc-dialer admin …`: what the CCC console would do, on the configured database: applications,
 * keys, caller numbers, IVRs, agents' passwords. Each command opens the database, acts, prints what
 * it did, and closes it.
 */
export function adminCommand(options: AdminOptions = {}): Command {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const readPassword = options.readPassword ?? (() => readPasswordFromStdin());
  const withDatabase = async <T>(act: (db: Kysely<Database>, config: Config) => Promise<T>): Promise<T> => {
    const config = loadConfig(options.env ?? process.env, {}, options.cwd ?? process.cwd());
    const opened = await openDatabase(databaseLocation(config));
    try {
      return await act(opened.db, config);
    } finally {
      await opened.close();
    }
  };

  const admin = new Command('admin').description(
    'manage applications, keys, numbers, IVRs and agents in the configured database (env CCC_CONFIG, CCC_DATA_DIR, CCC_DATABASE_URL), and hash operator passwords',
  );

  const app = admin.command('app').description('applications (SdkAppId)');
  app
    .command('add')
    .description('create an application, and its account if new')
    .requiredOption('--sdk-app-id <id>', 'the new SdkAppId', positiveInteger)
    .requiredOption('--name <name>', 'display name', nonBlank)
    .requiredOption('--account <account>', 'the account (tenant) owning it', nonBlank)
    .action((flags: { sdkAppId: number; name: string; account: string }) =>
      withDatabase(async (db) => {
        if (await applicationExists(db, flags.sdkAppId)) {
          throw new AdminError(`application ${flags.sdkAppId} already exists`);
        }
        const { accountCreated } = await insertApplication(db, {
          sdkAppId: flags.sdkAppId,
          name: flags.name,
          accountId: flags.account,
          at: now(),
        });
        print(
          `added application ${flags.sdkAppId} "${flags.name}" to ${accountCreated ? 'new ' : ''}account ${flags.account}`,
        );
      }),
    );

  const key = admin.command('key').description('API keys (SecretId / SecretKey) of an account');
  key
    .command('add')
    .description('add a key to an account; generates one unless both halves are given')
    .requiredOption('--account <account>', 'the account the key signs for')
    .option('--secret-id <id>', 'SecretId to use')
    .option('--secret-key <key>', 'SecretKey to use')
    .action((flags: { account: string; secretId?: string; secretKey?: string }) =>
      withDatabase(async (db) => {
        if ((flags.secretId === undefined) !== (flags.secretKey === undefined)) {
          throw new AdminError('give both --secret-id and --secret-key, or neither');
        }
        if (!(await accountExists(db, flags.account)))
          throw new AdminError(`account ${flags.account} does not exist`);
        const pair =
          flags.secretId !== undefined && flags.secretKey !== undefined
            ? { secretId: flags.secretId, secretKey: flags.secretKey }
            : generateAccessKeyPair();
        if (pair.secretId.length < 8 || pair.secretKey.length < 8) {
          throw new AdminError('SecretId and SecretKey must be at least 8 characters');
        }
        if (await accessKeyExists(db, pair.secretId))
          throw new AdminError(`key ${pair.secretId} already exists`);
        await insertAccessKey(db, { ...pair, accountId: flags.account, at: now(), origin: 'admin' });
        print(`added key to account ${flags.account}`);
        print(`  SecretId  ${pair.secretId}`);
        print(`  SecretKey ${pair.secretKey}`);
      }),
    );
  key
    .command('disable')
    .description('disable a key: requests it signs are refused from now on')
    .requiredOption('--secret-id <id>', 'the key')
    .action((flags: { secretId: string }) =>
      withDatabase(async (db) => {
        if (!(await disableAccessKey(db, flags.secretId)))
          throw new AdminError(`key ${flags.secretId} does not exist`);
        print(`disabled key ${flags.secretId}`);
      }),
    );

  const number = admin.command('number').description('caller numbers of an application');
  number
    .command('add')
    .description('add a caller number, or change the state of one')
    .requiredOption('--sdk-app-id <id>', 'the application', positiveInteger)
    .requiredOption('--number <number>', 'the number, as campaigns will name it in Callers', nonBlank)
    .option('--state <state>', '1 normal; 2, 4, 5 disabled', numberState, 1)
    .action((flags: { sdkAppId: number; number: string; state: number }) =>
      withDatabase(async (db) => {
        await requireApplicationExists(db, flags.sdkAppId);
        const outcome = await upsertNumber(db, {
          sdkAppId: flags.sdkAppId,
          number: flags.number,
          state: flags.state,
        });
        print(`${outcome} number ${flags.number} (state ${flags.state}) of application ${flags.sdkAppId}`);
      }),
    );

  const ivr = admin.command('ivr').description('IVRs that abandoned calls can be handed to');
  ivr
    .command('add')
    .description('add an IVR, or rename and re-target one')
    .requiredOption('--sdk-app-id <id>', 'the application', positiveInteger)
    .requiredOption('--ivr-id <id>', 'the IVRId campaigns will name', positiveInteger)
    .requiredOption('--name <name>', 'display name', nonBlank)
    .option('--target <uri>', 'where calls go: a SIP URI under sip telephony (default ivr:<id>)')
    .action((flags: { sdkAppId: number; ivrId: number; name: string; target?: string }) =>
      withDatabase(async (db) => {
        await requireApplicationExists(db, flags.sdkAppId);
        const target = flags.target ?? `ivr:${flags.ivrId}`;
        const outcome = await upsertIvr(db, {
          sdkAppId: flags.sdkAppId,
          ivrId: flags.ivrId,
          name: flags.name,
          target,
        });
        print(`${outcome} IVR ${flags.ivrId} "${flags.name}" → ${target} of application ${flags.sdkAppId}`);
      }),
    );

  const staff = admin.command('staff').description('agents');
  staff
    .command('password')
    .description('set the password an agent signs in to the agent desk with')
    .requiredOption('--sdk-app-id <id>', 'the application', positiveInteger)
    .requiredOption('--mail <mail>', "the agent's mail")
    .requiredOption('--password <password>', 'the new password')
    .action((flags: { sdkAppId: number; mail: string; password: string }) =>
      withDatabase(async (db) => {
        if (flags.password.length < 8) throw new AdminError('the password must be at least 8 characters');
        const found = await setStaffPassword(
          db,
          flags.sdkAppId,
          flags.mail,
          await agentCredentials(flags.mail, flags.password),
          now(),
        );
        if (!found) throw new AdminError(`application ${flags.sdkAppId} has no agent ${flags.mail}`);
        print(`set the password of agent ${flags.mail} of application ${flags.sdkAppId}`);
      }),
    );

  const operator = admin
    .command('operator')
    .description('console operators (declared in the config file under "operators")');
  operator
    .command('hash')
    .description(
      'read a password from stdin and print its hash, for an operator\'s "passwordHash" in the config',
    )
    .action(async () => {
      // The config holds the hash, not the password: nothing here touches the database.
      const password = await readPassword();
      if (password.length < 8) throw new AdminError('the password must be at least 8 characters');
      print(await hashPassword(password));
    });

  return admin;
}

async function requireApplicationExists(db: Kysely<Database>, sdkAppId: number): Promise<void> {
  if (!(await applicationExists(db, sdkAppId)))
    throw new AdminError(`application ${sdkAppId} does not exist`);
}

/** Text that is not empty nor only spaces, as the config file requires of the same settings. */
function nonBlank(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('expected a non-empty value');
  return text;
}

/** A number's state as DescribeNumbers reports it: 1 normal, 2, 4 or 5 disabled. */
function numberState(text: string): number {
  const state = positiveInteger(text);
  if (![1, 2, 4, 5].includes(state)) throw new InvalidArgumentError('expected 1, 2, 4 or 5');
  return state;
}

function positiveInteger(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('expected a positive integer');
  }
  return n;
}
