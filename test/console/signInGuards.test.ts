/**
 * What keeps a password guesser slow and blind at the console's sign-in: the throttle cannot be
 * sidestepped by padding the name or by guessing in parallel, and a refusal takes a password
 * check's time whether or not the account exists or has a password.
 */
import { describe, expect, it } from 'vitest';
import { ACME_APP } from '../support/testServer.ts';
import { consoleSuite } from './consoleClient.ts';

const suite = consoleSuite();

const signInAgent = (Mail: string, Password: string) =>
  suite.client().call('POST', '/session/agent', { Mail, Password });

describe('the sign-in throttle', () => {
  it('counts a padded mail against the same account', async () => {
    const mail = `agent1@${ACME_APP}.sim`;
    for (let i = 0; i < 10; i++) {
      expect((await signInAgent(`${mail}${' '.repeat(i + 1)}`, `guess${i}`)).status).toBe(401);
    }
    expect((await signInAgent(`  ${mail}  `, 'agent')).status).toBe(429);
  });

  it('evaluates no more guesses than the limit when they are sent together', async () => {
    const mail = `agent2@${ACME_APP}.sim`;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signInAgent(mail, `parallel guess ${i}`)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect((await signInAgent(mail, 'agent')).status).toBe(429);
  });

  it('does not count a successful sign-in', async () => {
    const mail = `agent3@${ACME_APP}.sim`;
    for (let i = 0; i < 12; i++) expect((await signInAgent(mail, 'agent')).status).toBe(200);
  });
});

describe('a refused sign-in', () => {
  it('takes a password check’s time for staff without a password, as for an unknown mail', async () => {
    const created = await suite.server.sdk().CreateStaff({
      SdkAppId: ACME_APP,
      Staffs: [{ Name: 'No password', Mail: 'nopass@acme.test', StaffNumber: '7001' }],
      SendPassword: false,
    });
    expect(created.ErrorStaffList).toEqual([]);
    for (const mail of ['nopass@acme.test', 'nobody@acme.test']) {
      const started = performance.now();
      expect((await signInAgent(mail, 'whatever')).status).toBe(401);
      // scrypt takes tens of milliseconds on purpose; a refusal without one took 2–4 ms.
      expect(performance.now() - started).toBeGreaterThan(10);
    }
  });
});
