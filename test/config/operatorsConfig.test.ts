import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/configError.ts';
import { hashPassword } from '../../src/domain/password.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'operators-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const applications = [
  { sdkAppId: 1, name: 'a', account: 'demo' },
  { sdkAppId: 2, name: 'b', account: 'shop' },
];

function load(operators: unknown) {
  const name = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(name, JSON.stringify({ applications, operators }));
  return loadConfig({ CCC_CONFIG: name }, {}, dir);
}

const refusal = (operators: unknown): string => {
  try {
    load(operators);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('the operators of the config', () => {
  it('takes operators with a hash or a plain password, and none by default', async () => {
    const passwordHash = await hashPassword('correct horse');
    const config = load([
      { name: 'supervisor', account: 'demo', password: 'supervisor' },
      { name: 'Lee', account: 'shop', passwordHash },
    ]);
    expect(config.operators).toEqual([
      { name: 'supervisor', account: 'demo', password: 'supervisor' },
      { name: 'Lee', account: 'shop', passwordHash },
    ]);
    expect(load(undefined).operators).toEqual([]);
  });

  it('refuses an account no application declares, naming the operator', () => {
    expect(refusal([{ name: 'sam', account: 'nobody', password: 'pass1234' }])).toBe(
      'operator "sam": account "nobody" is not the account of any application',
    );
  });

  it('refuses a name declared twice', () => {
    expect(
      refusal([
        { name: 'sam', account: 'demo', password: 'pass1234' },
        { name: 'sam', account: 'shop', password: 'pass5678' },
      ]),
    ).toBe('operator "sam" is declared twice in operators');
  });

  it('refuses neither or both of password and passwordHash', async () => {
    const both = refusal([
      { name: 'sam', account: 'demo', password: 'pass1234', passwordHash: await hashPassword('pass1234') },
    ]);
    expect(both).toBe('operator "sam": set either passwordHash or password, not both and not neither');
    expect(refusal([{ name: 'kim', account: 'demo' }])).toBe(
      'operator "kim": set either passwordHash or password, not both and not neither',
    );
  });

  it('refuses a passwordHash that is not one, and a password pasted in its place', () => {
    expect(refusal([{ name: 'sam', account: 'demo', passwordHash: 'pass1234' }])).toMatch(
      /^operator "sam": passwordHash is not a hash made by `ccc-dialer admin operator hash`$/,
    );
  });

  it('refuses what the schema does not allow, with its path', () => {
    expect(refusal([{ name: 'sam', account: 'demo', password: 'pass1234', role: 'admin' }])).toMatch(
      /\/operators\/0/,
    );
    expect(refusal([{ name: '', account: 'demo', password: 'pass1234' }])).toMatch(/\/operators\/0\/name/);
    // The sign-in form trims the name: one with spaces at an end could never sign in.
    expect(refusal([{ name: 'bob ', account: 'demo', password: 'pass1234' }])).toMatch(
      /\/operators\/0\/name/,
    );
    expect(refusal([{ name: 'bob', account: 'demo', password: 'short' }])).toMatch(
      /\/operators\/0\/password/,
    );
    expect(refusal({ name: 'sam' })).toMatch(/\/operators/);
  });

  it('checks operators given as overrides against the overriding applications too', () => {
    expect(() =>
      loadConfig(
        {},
        { applications: [], operators: [{ name: 'sam', account: 'demo', password: 'pass1234' }] },
        dir,
      ),
    ).toThrow('operator "sam": account "demo" is not the account of any application');
  });

  it('accepts the demo config’s operator', () => {
    const config = loadConfig({ CCC_CONFIG: path.resolve('ccc-dialer.config.json') }, {}, dir);
    expect(config.operators).toEqual([{ name: 'supervisor', account: 'demo', password: 'supervisor' }]);
  });
});
