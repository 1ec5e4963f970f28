/**
 * Where an agent's phone is: the fixed SIP URI of the staff record, else the freshest binding the
 * agent's phone registered with the built-in registrar (keyed by the agent's mail) — of this node
 * or, when the registrar's store is the database, of any node.
 */
import type { AgentEndpoint } from '../telephony.ts';
import type { Registrar } from './registrar/registrar.ts';

export async function agentPhoneUri(
  agent: AgentEndpoint,
  registrar: Registrar | undefined,
): Promise<string | undefined> {
  if (agent.sipUri) return agent.sipUri;
  return registrar?.lookup(agent.mail);
}
