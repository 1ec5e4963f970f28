import { type Static, Type } from '@sinclair/typebox';
import { ConfigError } from './configError.ts';

/** The `sip` telephony adapter (DESIGN.md "Telephony"): the trunk, our listen address, the registrar. */
export const SipSettings = Type.Object(
  {
    trunk: Type.Object(
      {
        /** host:port of the trunk (an IP or a name resolved through the system resolver). */
        address: Type.String({ minLength: 3 }),
        transport: Type.Optional(Type.Union([Type.Literal('udp'), Type.Literal('tcp')])),
        /** Digest credentials, for a trunk that challenges our INVITEs (401/407). */
        username: Type.Optional(Type.String({ minLength: 1 })),
        password: Type.Optional(Type.String()),
        /** Where the campaign's caller number goes: the From user, or P-Asserted-Identity. */
        callerIdStyle: Type.Optional(Type.Union([Type.Literal('from'), Type.Literal('pai')])),
      },
      { additionalProperties: false },
    ),
    /** The dialer's own SIP address (UDP and TCP); host must be an IP the peers can reach. */
    listen: Type.Optional(
      Type.Object(
        { host: Type.String({ minLength: 1 }), port: Type.Integer({ minimum: 0, maximum: 65535 }) },
        { additionalProperties: false },
      ),
    ),
    /** Agents' phones may REGISTER to the dialer with the agent's mail and password. */
    registrar: Type.Optional(Type.Boolean()),
    /** How long an agent's phone may ring before the bridge is given up, seconds. */
    agentAnswerTimeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);

export interface SipConfig {
  readonly trunk: {
    readonly address: string;
    readonly transport: 'udp' | 'tcp';
    readonly username: string | undefined;
    readonly password: string | undefined;
    readonly callerIdStyle: 'from' | 'pai';
  };
  readonly listen: { readonly host: string; readonly port: number };
  readonly registrar: boolean;
  readonly agentAnswerTimeoutSeconds: number;
}

export function sipConfig(file: Static<typeof SipSettings> | undefined): SipConfig | undefined {
  if (!file) return undefined;
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(file.trunk.address)) {
    throw new ConfigError(`sip.trunk.address must be host:port, got ${JSON.stringify(file.trunk.address)}`);
  }
  if ((file.trunk.username === undefined) !== (file.trunk.password === undefined)) {
    throw new ConfigError('set both sip.trunk.username and sip.trunk.password, or neither');
  }
  return {
    trunk: {
      address: file.trunk.address,
      transport: file.trunk.transport ?? 'udp',
      username: file.trunk.username,
      password: file.trunk.password,
      callerIdStyle: file.trunk.callerIdStyle ?? 'from',
    },
    listen: file.listen ?? { host: '127.0.0.1', port: 5060 },
    registrar: file.registrar ?? false,
    agentAnswerTimeoutSeconds: file.agentAnswerTimeoutSeconds ?? 15,
  };
}
