/**
 * Registrations shared through the database, as the nodes of a cluster share them: two dialer nodes
 * (two SipTelephony, each with its own SIP address) whose registrars keep their bindings in one
 * database. The agent's phone (SIPp) registers with node 1; node 2 dials a callee and puts the call
 * through to the agent, so the agent's leg goes from node 2 to the contact node 1 recorded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createRuntime } from '../../../src/runtime.ts';
import { type OpenedDatabase, openDatabase } from '../../../src/store/database.ts';
import { KyselyRegistrationStore } from '../../../src/store/sip/kyselyRegistrationStore.ts';
import { digestHa1 } from '../../../src/telephony/sip/auth/digestResponse.ts';
import type { SipTelephony } from '../../../src/telephony/sip/sipTelephony.ts';
import { callRegisteredAgent } from './support/registeredAgentCall.ts';
import { expectSippSuccess, startSipp, stopSippPeers } from './support/sipp.ts';
import { openSipTelephony, testbed } from './support/sipTestbed.ts';

const bed = testbed(17);
// Node 1 listens on the testbed's dialer address; node 2 on an address of the same net that no
// peer of the testbed uses, so both nodes share the testbed's trunk and phones.
const NODE2 = '127.0.17.6';
// The dialer `serve` assembles, for the wiring test.
const SERVED = '127.0.17.7';
const REALM = 'ccc-dialer';
const MAIL = 'alice@example.com';
const PASSWORD = 'alice-secret';
const ha1For = async (mail: string) => (mail === MAIL ? digestHa1(MAIL, REALM, PASSWORD) : undefined);

let dir: string;
let database: OpenedDatabase;
let node1: SipTelephony;
let node2: SipTelephony;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ccc-shared-registration-'));
  database = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'dialer.db') });
  const store = new KyselyRegistrationStore(database.db);
  node1 = await openSipTelephony(bed, { registrar: { realm: REALM, ha1For, store } });
  node2 = await openSipTelephony(bed, {
    listen: { host: NODE2, port: 5060 },
    registrar: { realm: REALM, ha1For, store },
  });
});

afterAll(async () => {
  stopSippPeers();
  await node1?.close();
  await node2?.close();
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sip adapter: registrations shared by the nodes of a cluster', { retry: 2 }, () => {
  it('puts a call placed by one node through to a phone registered with another', async () => {
    const registered = await startSipp({
      scenario: 'agent-register.xml',
      host: bed.phone,
      remote: `${bed.dialer}:5060`,
      calls: 1,
      timeoutSeconds: 10,
      vars: { aor_user: 'alice%40example.com', phone_address: `${bed.agent}:5060` },
      extraArgs: ['-au', MAIL, '-ap', PASSWORD],
    });
    await expectSippSuccess(registered);
    const contact = `sip:alice%40example.com@${bed.agent}:5060`;
    expect(await node2.registrar?.lookup(MAIL)).toBe(contact);

    const agent = await callRegisteredAgent(node2, bed, '+8613800000300', MAIL);
    expect(node1.liveCalls).toBe(0);
    // The phone was called at the contact it registered with node 1, by node 2.
    expect((await agent.exited).log).toMatch(/Via: SIP\/2\.0\/UDP 127\.0\.17\.6/);
  });
});

describe('sip adapter as serve assembles it', () => {
  it("keeps the registrar's bindings in the service's database", async () => {
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        telephony: 'sip',
        sip: {
          trunk: { address: `${bed.trunk}:5060` },
          listen: { host: SERVED, port: 5060 },
          registrar: true,
        },
      }),
    );
    const config = loadConfig({ CCC_CONFIG: file }, { dataDir: dir, port: 0 }, dir);
    const runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), singleNode: true });
    try {
      // A binding another node wrote: this node's registrar finds it in the database.
      const now = Date.now();
      const contact = `sip:alice%40example.com@${bed.agent}:5060`;
      await new KyselyRegistrationStore(runtime.database.db).save(
        MAIL,
        { contact, expiresAt: now + 60_000, callId: 'elsewhere', cseq: 1, registeredAt: now },
        now,
      );
      expect(await (runtime.telephony as SipTelephony).registrar?.lookup(MAIL)).toBe(contact);
    } finally {
      await runtime.close();
    }
  });
});
