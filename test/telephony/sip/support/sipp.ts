/**
 * Runs a real SIPp peer (Debian `sip-tester`) for a test: a scenario from ../scenarios, bound to a
 * loopback address, for a number of calls. `startSipp` resolves once SIPp has bound its socket (it
 * probes the address, bounded by a timeout), and `exited` resolves with SIPp's exit code and the
 * tail of its logs, so a failing scenario explains itself.
 *
 * There is no skip: without `sipp` on PATH the SIP tests fail, loudly, with how to install it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SCENARIOS = path.join(import.meta.dirname, '..', 'scenarios');

export interface SippOptions {
  /** File name in test/telephony/sip/scenarios. */
  readonly scenario: string;
  /** A loopback address other than the dialer's. */
  readonly host: string;
  readonly port?: number;
  /** SIPp exits after this many calls (-m). */
  readonly calls: number;
  readonly transport?: 'udp' | 'tcp';
  /** `-set name value`, read in the scenario as [$name]. */
  readonly vars?: Readonly<Record<string, string | number>>;
  /** A UAC scenario's remote host:port. */
  readonly remote?: string;
  /** Calls per second for a UAC scenario. */
  readonly rate?: number;
  /** SIPp gives up (and fails) after this long. */
  readonly timeoutSeconds?: number;
  readonly extraArgs?: readonly string[];
  /** Log every message to a file for failure reports (default); off for benchmarks, where it costs. */
  readonly trace?: boolean;
}

export interface SippResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The end of SIPp's error and message logs, for assertion messages. */
  readonly log: string;
}

export interface SippPeer {
  readonly exited: Promise<SippResult>;
  readonly address: string;
  /** SIGUSR1: finish the calls in progress and exit. */
  softStop(): void;
  kill(): void;
}

let checked = false;
const running = new Set<ChildProcess>();

/**
 * Kills the SIPp peers still running (a test that failed before its peers finished). Test files
 * call it in afterAll; the exit hook below covers a worker that dies first.
 */
export function stopSippPeers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

process.once('exit', stopSippPeers);

export function requireSipp(): void {
  if (checked) return;
  try {
    execFileSync('sipp', ['-v'], { stdio: 'pipe' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(
        'SIPp is not installed: the SIP tests need real SIP peers. Install it with `apt-get install sip-tester` (Debian/Ubuntu).',
      );
    }
    // `sipp -v` exits non-zero on some versions; it ran, which is all we need.
  }
  checked = true;
}

export async function startSipp(options: SippOptions): Promise<SippPeer> {
  requireSipp();
  const scenario = path.join(SCENARIOS, options.scenario);
  if (!existsSync(scenario)) throw new Error(`no SIPp scenario ${scenario}`);
  const port = options.port ?? 5060;
  const transport = options.transport ?? 'udp';
  const logDir = mkdtempSync(path.join(tmpdir(), 'sipp-'));
  const errorFile = path.join(logDir, 'errors.log');
  const messageFile = path.join(logDir, 'messages.log');
  const args = [
    ...(options.remote ? [options.remote] : []),
    '-sf',
    scenario,
    '-i',
    options.host,
    '-mi',
    options.host,
    '-p',
    String(port),
    '-m',
    String(options.calls),
    '-t',
    transport === 'tcp' ? 't1' : 'u1',
    '-nostdin',
    '-timeout',
    `${options.timeoutSeconds ?? 60}s`,
    '-timeout_error',
    '-trace_err',
    '-error_file',
    errorFile,
    ...(options.trace === false ? [] : ['-trace_msg', '-message_file', messageFile]),
    ...(options.rate !== undefined ? ['-r', String(options.rate), '-l', '100000'] : []),
    ...Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['-set', k, String(v)]),
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<SippResult>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      const tail = (file: string): string =>
        existsSync(file) ? readFileSync(file, 'utf8').slice(-6000) : '';
      const log = [`sipp ${args.join(' ')}`, stderr, tail(errorFile), tail(messageFile)].join('\n---\n');
      rmSync(logDir, { recursive: true, force: true });
      resolve({ code, signal, log });
    });
  });
  const address = `${options.host}:${port}`;
  if (!options.remote) {
    const bound = await Promise.race([
      waitUntilBound(options.host, port, transport),
      exited.then((r) => {
        throw new Error(`SIPp exited before binding ${address} (code ${r.code}):\n${r.log}`);
      }),
    ]);
    void bound;
  }
  return {
    exited,
    address,
    softStop: () => child.kill('SIGUSR1'),
    kill: () => child.kill('SIGKILL'),
  };
}

/**
 * Polls until SIPp holds the address, for at most 5 s. It reads the kernel's socket tables instead
 * of probing the port, which could steal the bind from SIPp (or leave it a stray connection).
 */
async function waitUntilBound(host: string, port: number, transport: 'udp' | 'tcp'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (isBound(host, port, transport)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`SIPp did not bind ${transport} ${host}:${port} within 5 s`);
}

function isBound(host: string, port: number, transport: 'udp' | 'tcp'): boolean {
  // /proc/net/{udp,tcp}: local_address is the IPv4 address as a little-endian hex u32, then the port.
  const ip = host
    .split('.')
    .map((octet) => Number(octet).toString(16).toUpperCase().padStart(2, '0'))
    .reverse()
    .join('');
  const local = `${ip}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const table = readFileSync(`/proc/net/${transport}`, 'utf8').split('\n').slice(1);
  return table.some((line) => {
    const fields = line.trim().split(/\s+/);
    return fields[1] === local && (transport === 'udp' || fields[3] === '0A');
  });
}

/** Waits for SIPp's exit and fails with its logs unless it exited 0 (every call as scripted). */
export async function expectSippSuccess(peer: SippPeer): Promise<void> {
  const result = await peer.exited;
  if (result.code !== 0) {
    throw new Error(`SIPp ${peer.address} exited with ${result.code ?? result.signal}:\n${result.log}`);
  }
}
