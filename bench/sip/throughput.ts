/**
 * `npm run bench -- sip`: the highest call rate the `sip` adapter sustains against SIPp on loopback
 * with no failed transaction, and the CPU it spends.
 *
 * Each step places `rate` calls per second for BENCH_SIP_SECONDS (default 3) through a SIPp trunk
 * that answers at once; every call is answered, joined to an agent's phone (a second SIPp) by
 * third-party call control, and hung up — five transactions and two dialogs per call, the real
 * workload. A step passes when every call went exactly that way and both SIPps exit 0 (SIPp fails
 * a call on any unexpected message or exhausted retransmission). The rate doubles until a step
 * fails, then the last interval is bisected. CPU is the dialer process's own (process.cpuUsage),
 * so SIPp's share is not counted; the figure that matters is CPU ms per call.
 *
 * BENCH_SIP_MODE=dial measures INVITE/ACK/BYE alone (no agent leg).
 */
import pino from 'pino';
import { SipTelephony } from '../../src/telephony/sip/sipTelephony.ts';
import type { CallEnd, CallEvents, CallHandle } from '../../src/telephony/telephony.ts';
import { startSipp } from '../../test/telephony/sip/support/sipp.ts';

const SECONDS = Number(process.env.BENCH_SIP_SECONDS ?? 3);
const BRIDGE = (process.env.BENCH_SIP_MODE ?? 'bridge') !== 'dial';
const START_RATE = Number(process.env.BENCH_SIP_START_RATE ?? 25);
const MAX_RATE = Number(process.env.BENCH_SIP_MAX_RATE ?? 3200);
const NET = '127.0.200';
/**
 * SIPp keeps a finished call for only its scenario's short timewait, and when it is overloaded its
 * own 2xx retransmission timer fires late; a retransmitted 2xx we then (rightly) re-ACK after the
 * call is gone reads to SIPp as a new, unexpected call that it fails — and counts against -m. On
 * loopback nothing is lost, so SIPp's 2xx retransmissions (-nr) are off: what fails is then ours.
 */
const SIPP_ARGS = ['-nr'];

interface StepResult {
  readonly rate: number;
  readonly calls: number;
  readonly failed: number;
  readonly seconds: number;
  readonly cpuMs: number;
  readonly sippOk: boolean;
  readonly failures: readonly string[];
}

function isOk(step: StepResult): boolean {
  return step.failed === 0 && step.sippOk;
}

async function runStep(rate: number): Promise<StepResult> {
  const calls = Math.max(1, Math.round(rate * SECONDS));
  const trunk = await startSipp({
    scenario: 'uas-answer-after-delay.xml',
    host: `${NET}.2`,
    calls,
    vars: { ringms: 0 },
    timeoutSeconds: SECONDS + 60,
    trace: false,
    extraArgs: SIPP_ARGS,
  });
  const phones = BRIDGE
    ? await startSipp({
        scenario: 'agent-phone-answer.xml',
        host: `${NET}.3`,
        calls,
        timeoutSeconds: SECONDS + 60,
        trace: false,
        extraArgs: SIPP_ARGS,
      })
    : undefined;
  const telephony = await SipTelephony.open({
    listen: { host: `${NET}.1`, port: 5060 },
    trunk: { address: `${NET}.2:5060`, transport: 'udp', callerIdStyle: 'from' },
    agentAnswerTimeoutSeconds: 10,
    logger: pino({ level: 'silent' }),
  });
  const failures: string[] = [];
  let done = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const note = (problem: string): void => {
    if (failures.length < 3) failures.push(problem);
  };
  const settle = (problem?: string): void => {
    if (problem) {
      note(problem);
      failed += 1;
    }
    done += 1;
    if (done === calls) allDone();
  };
  let failed = 0;

  const place = (n: number): void => {
    let handle: CallHandle | undefined;
    let answered = false;
    const events: CallEvents = {
      ringing: () => {},
      answered: () => {
        answered = true;
        void (async () => {
          try {
            if (BRIDGE && handle)
              await telephony.bridge(handle, { mail: `agent${n}`, sipUri: `sip:agent@${NET}.3:5060` });
          } catch (error) {
            note(`bridge: ${(error as Error).message}`);
          }
          if (handle) await telephony.hangup(handle);
        })();
      },
      ended: (end: CallEnd) => {
        settle(
          answered && end.cause === 'cancelled' ? undefined : `call ${n} ended ${end.cause}/${end.side}`,
        );
      },
    };
    telephony
      .dial(
        {
          sessionId: `bench-${rate}-${n}`,
          caller: '+8610001000',
          callee: `+86138${String(n).padStart(8, '0')}`,
          ringTimeoutSeconds: 30,
          uui: '',
        },
        events,
      )
      .then(
        (h) => {
          handle = h;
          if (answered) void telephony.hangup(h);
        },
        (error: unknown) => settle(`dial ${n}: ${(error as Error).message}`),
      );
  };

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // Place calls on a 10 ms grid, as many as the elapsed time asks for.
  let placed = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(calls, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      while (placed < due) place(placed++);
      if (placed >= calls) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, 40_000).unref());
  await Promise.race([finished, deadline]);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (done < calls) {
    failed += calls - done;
    note(`${calls - done} calls never ended`);
  }
  await telephony.close();
  const results = await Promise.all([trunk.exited, ...(phones ? [phones.exited] : [])]);
  const sippOk = results.every((r) => r.code === 0);
  if (!sippOk) failures.push(`SIPp exit codes ${results.map((r) => r.code).join(', ')}`);
  if (!sippOk && process.env.BENCH_SIP_DEBUG) {
    for (const r of results) if (r.code !== 0) process.stderr.write(`${r.log.slice(0, 6000)}\n`);
  }
  return { rate, calls, failed, seconds, cpuMs: (cpu.user + cpu.system) / 1000, sippOk, failures };
}

function report(step: StepResult): void {
  const perCall = step.cpuMs / step.calls;
  const share = step.cpuMs / 1000 / step.seconds;
  process.stdout.write(
    `${String(step.rate).padStart(6)} calls/s  ${String(step.calls).padStart(6)} calls  ` +
      `${step.seconds.toFixed(1).padStart(5)} s  cpu ${step.cpuMs.toFixed(0).padStart(6)} ms ` +
      `(${perCall.toFixed(2)} ms/call, ${(share * 100).toFixed(0)}% of a core)  ` +
      `${isOk(step) ? 'ok' : `FAILED: ${step.failures.join('; ')}`}\n`,
  );
}

export async function main(): Promise<void> {
  process.stdout.write(
    `sip throughput (${BRIDGE ? 'dial + 3pcc bridge to an agent + hang-up' : 'dial + hang-up'}, ${SECONDS} s per step, SIPp on loopback)\n`,
  );
  let best: StepResult | undefined;
  let worst: StepResult | undefined;
  for (let rate = START_RATE; rate <= MAX_RATE; rate *= 2) {
    const step = await runStep(rate);
    report(step);
    if (!isOk(step)) {
      worst = step;
      break;
    }
    best = step;
  }
  // Bisect between the last good and the first bad rate, to a quarter of the interval.
  if (best && worst) {
    let low = best.rate;
    let high = worst.rate;
    while (high - low > Math.max(5, best.rate / 4)) {
      const mid = Math.round((low + high) / 2);
      const step = await runStep(mid);
      report(step);
      if (isOk(step)) {
        best = step;
        low = mid;
      } else high = mid;
    }
  }
  if (best) {
    process.stdout.write(
      `highest sustained: ${best.rate} calls/s with no failed transaction; ` +
        `dialer CPU ${(best.cpuMs / best.calls).toFixed(2)} ms per call ` +
        `(${((best.cpuMs / 1000 / best.seconds) * 100).toFixed(0)}% of one core at that rate)\n`,
    );
  } else {
    process.stdout.write(`even ${START_RATE} calls/s failed\n`);
  }
}
