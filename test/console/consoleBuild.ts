import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['console/index.html', 'console/vite.config.ts', 'console/src', 'src/console/consoleWire.ts'];

/**
 * Builds the console's front end when console/dist is missing or older than its sources, so the
 * browser tests see the code under test (`npm install` builds it too, through `prepare`).
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const built = newest(path.join(ROOT, 'console/dist/index.html'));
  const source = Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s))));
  if (built >= source) return;
  await build({ configFile: path.join(ROOT, 'console/vite.config.ts'), logLevel: 'warn' });
}

function newest(file: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((entry) => newest(path.join(file, entry))));
}
