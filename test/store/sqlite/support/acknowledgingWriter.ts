/**
 * Child process of groupCommitCrash.test.ts: writes rows through the group commit, many
 * transactions at once, forever, and prints `ack <id>` for each as soon as its commit resolves —
 * what a server does when it answers a client. Usage: acknowledgingWriter.ts <database file>
 */
import { Kysely, sql } from 'kysely';
import { GroupCommitDialect } from '../../../../src/store/sqlite/groupCommitDialect.ts';
import { openSqlite } from '../../../../src/store/sqlite/openSqlite.ts';

interface Schema {
  acks: { id: number; payload: string };
}

const db = new Kysely<Schema>({ dialect: new GroupCommitDialect(openSqlite(process.argv[2]!)) });
await sql`CREATE TABLE IF NOT EXISTS acks (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`.execute(db);
process.stdout.write('ready\n');
let next = 0;
const PARALLEL = 16;
const writeOne = async (): Promise<void> => {
  for (;;) {
    const id = next++;
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('acks')
        .values({ id, payload: 'x'.repeat(200) })
        .execute();
    });
    // A pipe is written synchronously on Linux: once the parent reads this, it was sent after the commit.
    process.stdout.write(`ack ${id}\n`);
  }
};
await Promise.all(Array.from({ length: PARALLEL }, writeOne));
