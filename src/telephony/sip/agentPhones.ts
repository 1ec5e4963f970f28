/**
 * Where an agent's phone is: the fixed SIP URI of the staff record, else the freshest binding the
 * agent's phone registered with the built-in registrar (keyed by the agent's mail).
 */
import type { AgentEndpoint } from '../telephony.ts';
import type { Registrar } from './registrar/registrar.ts';

export function agentPhoneUri(agent: AgentEndpoint, registrar: Registrar | undefined): string | undefined {
  if (agent.sipUri) return agent.sipUri;
  return registrar?.lookup(agent.mail);
}
