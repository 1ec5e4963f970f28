/**
 * The real server as a child process (`node --import tsx src/cli.ts serve`), for tests that must
 * kill it: fault injection, several nodes. Ready when it prints its banner, which `serve` does only
 * after the engine has started (recovery included).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENDPOINT_LINE = /API endpoint \(SDK httpProfile\.endpoint\): (\S+)/;
/** What the last lines of output keep, for a failure report. */
const OUTPUT_KEPT = 64 * 1024;

export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ServerProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<ServerExit>;
  private output = '';
  private endpointSeen: ((endpoint: string) => void) | undefined;
  private endpoint: string | undefined;

  /**
   * Starts `serve` with `env` on top of this process's environment, minus every CCC_ setting of
   * ours (a developer's CCC_DATABASE_URL must not leak into a SQLite test). PORT defaults to 0.
   * CCC_TEST_NODE_ARGS adds options to the child's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
   */
  constructor(env: Readonly<Record<string, string>>) {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('CCC_') && name !== 'PORT'),
    );
    this.child = spawn(
      process.execPath,
      [
        ...(process.env['CCC_TEST_NODE_ARGS'] ?? '').split(' ').filter(Boolean),
        '--import',
        'tsx',
        'src/cli.ts',
        'serve',
      ],
      {
        cwd: REPO,
        env: { ...inherited, PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
      if (this.endpoint === undefined) {
        const match = ENDPOINT_LINE.exec(this.output);
        if (match) {
          this.endpoint = match[1]!;
          this.endpointSeen?.(this.endpoint);
        }
      }
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The last lines the server wrote (stdout and stderr). */
  get log(): string {
    return this.output;
  }

  /** `host:port` once the server is listening and dialing; rejects if it exits first or takes too long. */
  ready(timeoutMs = 30_000): Promise<string> {
    if (this.endpoint !== undefined) return Promise.resolve(this.endpoint);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server not ready after ${timeoutMs} ms:\n${this.log}`)),
        timeoutMs,
      );
      this.endpointSeen = (endpoint) => {
        clearTimeout(timer);
        resolve(endpoint);
      };
      void this.exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${exit.code ?? exit.signal}) before it was ready:\n${this.log}`));
      });
    });
  }

  /** kill -9: no handler runs, nothing is flushed; resolves once the process is gone. */
  async kill(): Promise<ServerExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM, the orderly shutdown; kill -9 if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<ServerExit> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`server did not stop within ${timeoutMs} ms of SIGTERM:\n${this.log}`);
    }
    return result;
  }
}
