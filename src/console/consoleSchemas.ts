import { type Static, Type } from '@sinclair/typebox';

/** The bodies and paths of the console's own endpoints (API actions keep their own schemas). */

export const SupervisorSignInBody = Type.Object(
  {
    SecretId: Type.String({ minLength: 1, maxLength: 256 }),
    SecretKey: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SupervisorSignInBody = Static<typeof SupervisorSignInBody>;

export const OperatorSignInBody = Type.Object(
  {
    Name: Type.String({ minLength: 1, maxLength: 100 }),
    Password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type OperatorSignInBody = Static<typeof OperatorSignInBody>;

export const AgentSignInBody = Type.Object(
  {
    Mail: Type.String({ minLength: 1, maxLength: 320 }),
    Password: Type.String({ minLength: 1, maxLength: 1024 }),
    SdkAppId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type AgentSignInBody = Static<typeof AgentSignInBody>;

export const ActionPath = Type.Object({ name: Type.String({ pattern: '^[A-Za-z]{1,64}$' }) });
export type ActionPath = Static<typeof ActionPath>;

export const AppPath = Type.Object({ sdkAppId: Type.Integer({ minimum: 1 }) });
export type AppPath = Static<typeof AppPath>;

export const CampaignPath = Type.Object({
  sdkAppId: Type.Integer({ minimum: 1 }),
  campaignId: Type.Integer({ minimum: 1 }),
});
export type CampaignPath = Static<typeof CampaignPath>;

export const CampaignListQuery = Type.Object({
  PageNumber: Type.Optional(Type.Integer({ minimum: 0 })),
  PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export type CampaignListQuery = Static<typeof CampaignListQuery>;

export const AgentStatusBody = Type.Object(
  {
    Status: Type.Union([Type.Literal('free'), Type.Literal('rest'), Type.Literal('notReady')]),
    Reason: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false },
);
export type AgentStatusBody = Static<typeof AgentStatusBody>;
