/**
 * The CLI as a user runs it: a mistake of theirs (a bad config, an unknown key, options that do
 * not go together, a port taken) is told in one line on stderr with status 1, never a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, CCC_DATA_DIR: path.join(dir, 'data'), CCC_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr };
}

function expectOneLine(run: { status: number | null; stderr: string }, message: RegExp) {
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

it('tells a config error in one line naming the setting', () => {
  const config = path.join(dir, 'bad.json');
  writeFileSync(config, JSON.stringify({ port: 'x' }));
  expectOneLine(cli(['serve'], { CCC_CONFIG: config }), /^ccc-dialer: config file .*bad\.json: \/port /);
});

it("tells an admin command's refusal in one line", () => {
  expectOneLine(
    cli(['admin', 'key', 'disable', '--secret-id', 'nosuchkey']),
    /^ccc-dialer: key nosuchkey does not exist/,
  );
});

it('refuses simulate options that do not go together, and an output it cannot write, before running', () => {
  expectOneLine(
    cli(['simulate', '--agents', '5', '--hours', '0.5', '--answer-rate', '0.8', '--busy-rate', '0.5']),
    /^ccc-dialer: answerRate and busyRate must be fractions summing to ≤ 1/,
  );
  expectOneLine(
    cli(['simulate', '--agents', '5', '--hours', '24', '--chart', '/nonexistent/chart.svg']),
    /^ccc-dialer: cannot write \/nonexistent\/chart\.svg/,
  );
});

it('tells a port taken in one line, and leaves the database closed', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as net.AddressInfo).port;
  try {
    const dataDir = path.join(dir, 'taken');
    const run = cli(['serve'], { PORT: String(port), CCC_DATA_DIR: dataDir });
    expectOneLine(run, new RegExp(`ccc-dialer: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    expect(existsSync(path.join(dataDir, 'ccc.db'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'ccc.db-wal'))).toBe(false);
  } finally {
    holder.close();
  }
});

it('keeps a second server off a data directory in use, until the first one ends', async () => {
  const dataDir = path.join(dir, 'shared');
  const first = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', '0'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, CCC_DATA_DIR: dataDir, CCC_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      first.stdout!.on('data', (chunk) => {
        out += chunk;
        if (out.includes('ccc-dialer is running')) resolve();
      });
      first.once('exit', (code) => reject(new Error(`the first server exited (${code})`)));
    });
    expectOneLine(
      cli(['serve', '--port', '0'], { CCC_DATA_DIR: dataDir }),
      /another server runs on the data directory/,
    );
  } finally {
    // Killed outright, as a crash would: the lock goes with the process.
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
  }
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as net.AddressInfo).port;
  try {
    // It gets past the lock (to the port, taken on purpose so that it stops there).
    expectOneLine(cli(['serve'], { PORT: String(port), CCC_DATA_DIR: dataDir }), /cannot listen on/);
  } finally {
    holder.close();
  }
});
