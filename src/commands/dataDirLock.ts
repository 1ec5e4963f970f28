import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import net from 'node:net';
import { CommandError } from './commandError.ts';

/**
 * Keeps a second server off a SQLite data directory: two engines on one database would each pace
 * the same campaigns without knowing of the other (the database refuses a second attempt record,
 * but not the double pacing). The lock is a Unix socket in Linux's abstract namespace, named after
 * the directory: the kernel frees it when its process ends, kill -9 included, so nothing stale is
 * ever left to clean up and no reused pid can be mistaken for a server. `admin` commands do not
 * take it: they are meant to run beside the server. Elsewhere than on Linux there is no lock.
 * Resolves with what releases it.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  if (process.platform !== 'linux') return async () => {};
  mkdirSync(dataDir, { recursive: true });
  const directory = realpathSync(dataDir);
  const name = `\0ccc-dialer:${createHash('sha256').update(directory).digest('hex')}`;
  const server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new CommandError(
              `another server runs on the data directory ${directory}; stop it first, or give this one a --data-dir of its own`,
            )
          : error,
      ),
    );
    server.listen(name, resolve);
  });
  // The lock must not keep the process alive on its own.
  server.unref();
  return () => new Promise((resolve) => server.close(() => resolve()));
}
