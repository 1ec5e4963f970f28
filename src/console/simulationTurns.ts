import { availableParallelism } from 'node:os';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';

/**
 * Simulations at once: each holds a core for up to a minute and up to 384 MB of heap, and the
 * event loop (the API, the engine) keeps a core for itself. One on two cores, two at most: the
 * cores Node counts are the host's, whatever share of them a container is given.
 */
export const DEFAULT_SIMULATION_SLOTS = Math.min(2, Math.max(1, availableParallelism() - 1));

interface Waiter {
  readonly start: () => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Whose simulation runs when. Every application gets its turn: one simulation of an application at
 * a time (its second is refused while the first runs or waits, so one supervisor clicking again
 * cannot fill the queue), and while every slot is busy the others wait in order of arrival instead
 * of being turned away. One that has not started within its `waitMs` (the simulator gives half the
 * request's time) is refused, saying the simulator was busy.
 */
export class SimulationTurns {
  readonly #slots: number;
  #running = 0;
  readonly #queue: Waiter[] = [];
  /** Applications with a simulation running or waiting. */
  readonly #holders = new Set<number>();

  constructor(slots = DEFAULT_SIMULATION_SLOTS) {
    this.#slots = Math.max(1, slots);
  }

  /**
   * Runs `work` once a slot is free, giving it the time left of `budgetMs` (counted from now).
   * Rejects with RequestLimitExceeded if the application already has a simulation running or
   * waiting, or if no slot freed up within `waitMs`.
   */
  async run<T>(
    sdkAppId: number,
    budgetMs: number,
    waitMs: number,
    work: (remainingMs: number) => Promise<T>,
  ): Promise<T> {
    if (this.#holders.has(sdkAppId)) {
      throw new Failure(ErrorCode.RequestLimitExceeded, {
        en: 'A simulation of this application is already running; try again once it has finished.',
        zh: '本应用已有一个模拟正在运行，请在其结束后再试。',
      });
    }
    const arrivedMs = performance.now();
    this.#holders.add(sdkAppId);
    try {
      await this.#turn(waitMs);
      try {
        return await work(budgetMs - (performance.now() - arrivedMs));
      } finally {
        this.#release();
      }
    } finally {
      this.#holders.delete(sdkAppId);
    }
  }

  #turn(waitMs: number): Promise<void> {
    if (this.#running < this.#slots) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        // The slot passes straight from the one ending to this one: #running stays as it is.
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          reject(
            new Failure(ErrorCode.RequestLimitExceeded, {
              en: `The simulator was busy with other applications' simulations for ${Math.round(waitMs / 1000)} s; try again in a moment.`,
              zh: `模拟器在 ${Math.round(waitMs / 1000)} 秒内一直忙于其他应用的模拟，请稍后再试。`,
            }),
          );
        }, waitMs),
      };
      this.#queue.push(waiter);
    });
  }

  #release(): void {
    const next = this.#queue.shift();
    if (next) next.start();
    else this.#running--;
  }
}
