/**
 * Builds the `sip` adapter from the validated config (config.ts, section `sip`), for `serve`.
 *
 * The registrar checks phones with digest, so it needs each agent's HA1 = MD5(mail:realm:password),
 * never a password hash: a scrypt hash (domain/password.ts) cannot answer a digest challenge. The
 * default source is the config's staff entries, whose passwords are in the file; a deployment that
 * sets passwords through the API passes `ha1For` backed by wherever it keeps HA1s.
 *
 * Bindings go to `registrations`, the database's store on `serve`, so that a node dialing an agent
 * finds the phone whichever node of the cluster it registered with; in memory when absent. The
 * nonce key comes from the database too, so that any node checks the challenges of any other.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { SIP_REALM } from '../../domain/agentCredentials.ts';
import { digestHa1 } from './auth/digestResponse.ts';
import type { NonceLedger } from './auth/nonceLedger.ts';
import type { RegistrationStore } from './registrar/registrationStore.ts';
import { SipTelephony } from './sipTelephony.ts';

// One realm for the registrar and for the HA1s the store keeps.
export const REGISTRAR_REALM = SIP_REALM;

export interface RegistrarSources {
  readonly ha1For?: (mail: string) => Promise<string | undefined>;
  readonly registrations?: RegistrationStore;
  /** The nonce key every node of the database shares (store/sip/registrarNonceSecret.ts). */
  readonly nonceSecret?: Buffer;
  /** Where accepted nonce counts are kept, shared by every node (store/sip/kyselyNonceLedger.ts). */
  readonly nonceLedger?: NonceLedger;
}

export async function openSipTelephonyFromConfig(
  config: Config,
  logger: Logger,
  { ha1For = ha1FromConfigStaff(config), registrations, nonceSecret, nonceLedger }: RegistrarSources = {},
): Promise<SipTelephony> {
  const sip = config.sip;
  if (!sip) throw new Error('telephony sip needs a "sip" section in the config');
  return SipTelephony.open({
    listen: sip.listen,
    trunk: sip.trunk,
    registrar: sip.registrar
      ? { realm: REGISTRAR_REALM, ha1For, store: registrations, nonceSecret, nonceLedger }
      : undefined,
    agentAnswerTimeoutSeconds: sip.agentAnswerTimeoutSeconds,
    logger,
  });
}

/** HA1s of the staff the config file lists with a password (mail compared case-insensitively). */
export function ha1FromConfigStaff(config: Config): (mail: string) => Promise<string | undefined> {
  const ha1s = new Map<string, string>();
  for (const app of config.applications) {
    for (const staff of app.staff ?? []) {
      const mail = staff.mail.toLowerCase();
      if (staff.password !== undefined && !ha1s.has(mail)) {
        ha1s.set(mail, digestHa1(staff.mail, REGISTRAR_REALM, staff.password));
      }
    }
  }
  return async (mail) => ha1s.get(mail.toLowerCase());
}
