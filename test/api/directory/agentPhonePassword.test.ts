import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStaffSipHa1 } from '../../../src/store/directory/staffStore.ts';
import { digestHa1 } from '../../../src/telephony/sip/auth/digestResponse.ts';
import { REGISTRAR_REALM } from '../../../src/telephony/sip/sipTelephonyFromConfig.ts';
import { ACME_APP, startTestServer, type TestServer } from '../../support/testServer.ts';

/**
 * A password set through the API reaches the SIP registrar: phones answer a digest challenge, which
 * only the password's HA1 can check, so ModifyStaffPassword keeps one beside the scrypt hash.
 */
describe('an agent password set through the API, as the SIP registrar sees it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('keeps the digest HA1 the registrar checks a REGISTER against, found by mail in any case', async () => {
    const mail = 'agent2@1400000000.sim';
    await server.sdk().ModifyStaffPassword({ SdkAppId: ACME_APP, Email: mail, Password: 'phone-secret-1' });
    const ha1 = await findStaffSipHa1(server.runtime.database.db, mail.toUpperCase());
    expect(ha1).toBe(digestHa1(mail, REGISTRAR_REALM, 'phone-secret-1'));

    await server.sdk().ModifyStaffPassword({ SdkAppId: ACME_APP, Email: mail, Password: 'phone-secret-2' });
    expect(await findStaffSipHa1(server.runtime.database.db, mail)).toBe(
      digestHa1(mail, REGISTRAR_REALM, 'phone-secret-2'),
    );
  });

  it('knows no HA1 for an agent without a password, nor for an unknown mail', async () => {
    expect(await findStaffSipHa1(server.runtime.database.db, 'nobody@example.com')).toBeUndefined();
    expect(await findStaffSipHa1(server.runtime.database.db, 'agent2\u0000@1400000000.sim')).toBeUndefined();
  });
});
