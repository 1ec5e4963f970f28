import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { ConfigError } from '../../../src/configError.ts';
import { digestHa1 } from '../../../src/telephony/sip/auth/digestResponse.ts';
import { ha1FromConfigStaff, REGISTRAR_REALM } from '../../../src/telephony/sip/sipTelephonyFromConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sip-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(file: object, env: Record<string, string> = {}) {
  const name = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(name, JSON.stringify(file));
  return loadConfig({ CCC_CONFIG: name, ...env }, {}, dir);
}

describe('the sip section of the config', () => {
  it('takes a trunk and fills the defaults', () => {
    const config = load({ telephony: 'sip', sip: { trunk: { address: '10.0.0.5:5060' } } });
    expect(config.sip).toEqual({
      trunk: {
        address: '10.0.0.5:5060',
        transport: 'udp',
        username: undefined,
        password: undefined,
        callerIdStyle: 'from',
      },
      listen: { host: '127.0.0.1', port: 5060 },
      registrar: false,
      agentAnswerTimeoutSeconds: 15,
    });
  });

  it.each([
    ['telephony sip without a sip section', { telephony: 'sip' }, {}],
    ['a trunk address without a port', { sip: { trunk: { address: 'trunk.example.com' } } }, {}],
    ['a username without a password', { sip: { trunk: { address: 'h:5060', username: 'u' } } }, {}],
    ['a transport other than udp or tcp', { sip: { trunk: { address: 'h:5060', transport: 'tls' } } }, {}],
    [
      'a scaled clock under sip',
      { telephony: 'sip', sip: { trunk: { address: 'h:5060' } } },
      { CCC_CLOCK_SPEED: '60' },
    ],
  ])('refuses %s', (_, file, env) => {
    expect(() => load(file, env)).toThrow(ConfigError);
  });

  it("gives the registrar the HA1 of each agent's configured password", async () => {
    const config = load({
      sip: { trunk: { address: 'h:5060' }, registrar: true },
      applications: [
        {
          sdkAppId: 1,
          name: 'a',
          account: 'acct',
          staff: [
            { mail: 'Alice@Example.com', name: 'Alice', staffNumber: '1', password: 'secret' },
            { mail: 'bob@example.com', name: 'Bob', staffNumber: '2' },
          ],
        },
      ],
    });
    const ha1For = ha1FromConfigStaff(config);
    expect(await ha1For('alice@example.com')).toBe(digestHa1('Alice@Example.com', REGISTRAR_REALM, 'secret'));
    expect(await ha1For('bob@example.com')).toBeUndefined();
  });
});
