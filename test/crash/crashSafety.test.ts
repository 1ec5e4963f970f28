import { describe, expect, it } from 'vitest';
import { runFaultInjection } from './faultInjection.ts';

/** `npm test` kills the server 10 times; `npm run torture` 50 (CCC_TORTURE_KILLS). */
const KILLS = Number(process.env['CCC_TORTURE_KILLS'] ?? 10);
const SEED = Number(process.env['CCC_TORTURE_SEED'] ?? Date.now() % 1_000_000);

describe('the server killed with -9 at random moments and restarted on the same data', () => {
  it(
    `loses no acknowledged campaign, dials no attempt twice and closes every cut call (${KILLS} kills, seed ${SEED})`,
    async () => {
      const result = await runFaultInjection({
        kills: KILLS,
        seed: SEED,
        log: process.env['CCC_TORTURE_VERBOSE'] ? (line) => process.stdout.write(`${line}\n`) : undefined,
      });
      process.stdout.write(
        `fault injection (seed ${SEED}): ${result.kills} kills (${result.killsWhileStarting} while starting), ` +
          `${result.createsAcknowledged}/${result.createsSent} creates acknowledged, ` +
          `${result.commandsAcknowledged} commands, ${JSON.stringify(result.final.counts)}\n`,
      );
      expect(result.live.violations).toEqual([]);
      expect(result.final.violations).toEqual([]);
      expect(result.apiMismatches).toEqual([]);
      expect(result.stopExit).toEqual({ code: 0, signal: null });
      // The run proves something only if it dialed and was cut while dialing.
      expect(result.createsAcknowledged).toBeGreaterThan(KILLS);
      expect(result.final.counts.sessions).toBeGreaterThan(10 * KILLS);
      expect(result.final.counts.crashCutSessions).toBeGreaterThan(0);
    },
    KILLS * 10_000 + 60_000,
  );
});
