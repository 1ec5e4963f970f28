import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { expect, it } from 'vitest';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/acknowledgingWriter.ts');

it('loses no acknowledged transaction when the process is killed with -9 mid-batch', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-group-crash-'));
  const file = path.join(dir, 'crash.db');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: number[] = [];
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('ack ')) return;
        acknowledged.push(Number(line.slice(4)));
        // Kill while batches are in flight, at a moment the writer does not choose.
        if (acknowledged.length === 500) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited;
    const reopened = new BetterSqlite3(file);
    try {
      const stored = new Set(
        (reopened.prepare('SELECT id FROM acks').all() as Array<{ id: number }>).map((row) => row.id),
      );
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reopened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
