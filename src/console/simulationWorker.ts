/**
 * Runs one what-if simulation off the main thread: a simulated day takes up to a few seconds of
 * CPU, and the engine on the main thread must never wait on the console (DESIGN.md).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runSimulation, type SimulationOptions } from '../simulation/runSimulation.ts';

export interface SimulationJob {
  readonly options: Omit<SimulationOptions, 'listen' | 'onProgress' | 'logger'>;
}

export interface SimulationOutcome {
  readonly result?: Omit<Awaited<ReturnType<typeof runSimulation>>, 'trace'>;
  /** Callees finished (connected, or out of retries) within the simulated span. */
  readonly finishedCallees?: number;
  readonly error?: string;
}

const job = workerData as SimulationJob;
let finishedCallees = 0;
try {
  const { trace: _trace, ...result } = await runSimulation({
    ...job.options,
    listen: (events) => {
      events.on('call:ended', (e) => {
        if (e.calleeFinished) finishedCallees++;
      });
    },
  });
  parentPort?.postMessage({ result, finishedCallees } satisfies SimulationOutcome);
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).message } satisfies SimulationOutcome);
}
