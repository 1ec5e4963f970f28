import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/configError.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'load-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(file: object, env: Record<string, string> = {}, overrides: Record<string, unknown> = {}) {
  const name = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(name, JSON.stringify(file));
  return loadConfig({ CCC_CONFIG: name, ...env }, overrides, dir);
}

function refusal(file: object, env: Record<string, string> = {}, overrides: Record<string, unknown> = {}) {
  try {
    load(file, env, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

const app = (sdkAppId: number, more: object = {}) => ({
  sdkAppId,
  name: `app ${sdkAppId}`,
  account: 'demo',
  ...more,
});

describe('ids the config declares twice', () => {
  it('refuses two applications with the same sdkAppId, naming the index and the id', () => {
    expect(refusal({ applications: [app(1), app(2), app(1)] })).toBe(
      'applications.2: sdkAppId 1 is already declared by applications.0',
    );
  });

  it('refuses a skill group id two applications declare, naming both and the id', () => {
    const group = { skillGroupId: 5, name: 'sales' };
    expect(
      refusal({ applications: [app(11, { skillGroups: [group] }), app(12, { skillGroups: [group] })] }),
    ).toBe('skillGroupId 5 is declared by applications.0 (sdkAppId 11) and applications.1 (sdkAppId 12)');
  });

  it('refuses a skill group listed twice for one staff entry, naming the key', () => {
    const staff = { mail: 'a@b.c', name: 'A', staffNumber: '1', skillGroupIds: [5, 5] };
    const skillGroups = [{ skillGroupId: 5, name: 'sales' }];
    expect(refusal({ applications: [app(1), app(2, { skillGroups, staff: [staff] })] })).toBe(
      'applications.1.staff.0.skillGroupIds: skill group 5 is listed twice',
    );
  });

  it('refuses two staff entries with the same mail in one application', () => {
    const staff = [
      { mail: 'a@b.c', name: 'A', staffNumber: '1' },
      { mail: 'a@b.c', name: 'B', staffNumber: '2' },
    ];
    expect(refusal({ applications: [app(1, { staff })] })).toBe(
      'applications.0.staff.1: mail "a@b.c" is already declared by applications.0.staff.0',
    );
    // The same agent in two applications is two agents.
    expect(
      load({ applications: [app(1, { staff: [staff[0]] }), app(2, { staff: [staff[0]] })] }),
    ).toBeDefined();
  });

  it('refuses a SecretId declared twice', () => {
    const key = { secretId: 'AKIDaaaaaaaa', secretKey: 'kkkkkkkkkk' };
    expect(
      refusal({ applications: [app(1, { keys: [key] }), app(2, { account: 'shop', keys: [key] })] }),
    ).toBe('applications.1.keys.0: SecretId AKIDaaaaaaaa is already declared by applications.0.keys.0');
  });

  it('checks applications given as overrides too', () => {
    expect(refusal({}, {}, { applications: [app(1), app(1)] })).toBe(
      'applications.1: sdkAppId 1 is already declared by applications.0',
    );
  });
});

describe('settings from the environment', () => {
  it.each([
    ['CCC_RING_TIMEOUT', '-5', /^CCC_RING_TIMEOUT="-5": .*greater than 0/],
    ['CCC_CONNECT_DEADLINE', '0', /^CCC_CONNECT_DEADLINE="0": .*greater than 0/],
    ['CCC_BODY_LIMIT', '10', /^CCC_BODY_LIMIT="10": .*1024/],
    ['CCC_LEASE_SECONDS', '0', /^CCC_LEASE_SECONDS="0": /],
    ['CCC_MAX_CLOCK_SKEW_MS', '-1', /^CCC_MAX_CLOCK_SKEW_MS="-1": /],
    ['CCC_RATE_LIMIT', '2.5', /^CCC_RATE_LIMIT="2.5": Expected integer/],
    ['PORT', '1.5', /^PORT="1.5": Expected integer/],
    ['PORT', '70000', /^PORT="70000": .*65535/],
    ['PORT', ' ', /^PORT must be a number, got " "$/],
    ['PORT', '0x10', /^PORT must be a number, got "0x10"$/],
    ['CCC_CLOCK_SPEED', 'Infinity', /^CCC_CLOCK_SPEED must be a number/],
    ['CCC_TELEPHONY', 'pstn', /^CCC_TELEPHONY="pstn": Expected one of sim, sip$/],
    ['CCC_DATABASE_SCHEMA', 'Bad-Name', /^CCC_DATABASE_SCHEMA="Bad-Name": /],
  ])('holds %s=%j to the rules of the file', (name, value, message) => {
    expect(refusal({}, { [name]: value })).toMatch(message);
  });

  it('takes valid values, and an empty variable as unset', () => {
    const config = load(
      { port: 9000 },
      { PORT: '8081', CCC_RING_TIMEOUT: '30', CCC_TELEPHONY: '', HOST: '' },
    );
    expect(config).toMatchObject({ port: 8081, ringTimeoutSeconds: 30, telephony: 'sim', host: '127.0.0.1' });
  });

  it('refuses a CCC_SECRET_ID or CCC_SECRET_KEY shorter than a declared key may be', () => {
    expect(refusal({}, { CCC_SECRET_ID: 'a', CCC_SECRET_KEY: 'long enough key' })).toBe(
      'CCC_SECRET_ID must be at least 8 characters',
    );
    expect(refusal({}, { CCC_SECRET_ID: 'AKIDlongenough', CCC_SECRET_KEY: 'b' })).toBe(
      'CCC_SECRET_KEY must be at least 8 characters',
    );
  });

  it('holds overrides (command-line flags) to the same rules', () => {
    expect(refusal({}, {}, { port: 70000 })).toMatch(/^port \(override\): .*65535/);
  });
});

describe('the log level', () => {
  it('takes only pino’s levels, from the file or CCC_LOG_LEVEL', () => {
    expect(load({ logLevel: 'debug' }).logLevel).toBe('debug');
    expect(load({}, { CCC_LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(refusal({ logLevel: 'verbose' })).toMatch(/\/logLevel Expected one of fatal, error, warn, info/);
    expect(refusal({}, { CCC_LOG_LEVEL: 'verbose' })).toMatch(
      /^CCC_LOG_LEVEL="verbose": Expected one of fatal/,
    );
  });
});

describe('the sim section', () => {
  it('refuses an answer and a busy rate summing over 1, naming both', () => {
    expect(refusal({ sim: { answerRate: 0.9, busyRate: 0.5 } })).toBe(
      'sim.answerRate + sim.busyRate must be at most 1, got 0.9 + 0.5',
    );
    // With the default busy rate (0.1).
    expect(refusal({ sim: { answerRate: 0.95 } })).toMatch(/^sim\.answerRate \+ sim\.busyRate/);
    expect(load({ sim: { answerRate: 0.9 } }).sim.answerRate).toBe(0.9);
  });
});
