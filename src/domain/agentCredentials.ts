import { createHash } from 'node:crypto';
import { hashPassword } from './password.ts';

/** The realm of the dialer's SIP registrar: part of every digest an agent's phone computes. */
export const SIP_REALM = 'ccc-dialer';

/** What is kept of an agent's password: a scrypt hash for the desk, a digest HA1 for the phone. */
export interface AgentCredentials {
  readonly passwordHash: string;
  /**
   * HA1 = MD5(mail:realm:password) (RFC 2617): a SIP phone proves its password with a digest, which
   * a scrypt hash cannot check. It is password-equivalent for this realm only.
   */
  readonly sipHa1: string;
}

export async function agentCredentials(mail: string, password: string): Promise<AgentCredentials> {
  return {
    passwordHash: await hashPassword(password),
    sipHa1: createHash('md5').update(`${mail}:${SIP_REALM}:${password}`).digest('hex'),
  };
}
