import { type Static, Type } from '@sinclair/typebox';
import { CampaignRanges } from '../domain/campaign/campaignRanges.ts';

/** The bodies and paths of the console's own endpoints (API actions keep their own schemas). */

// Ids are bigint columns: past 2^53 a JS number is not the id meant, and past 2^63 PostgreSQL fails
// the query outright, so such an id is refused here, as the API refuses it, not left to a 500.
const Id = () => Type.Integer({ minimum: 1, maximum: CampaignRanges.id.maximum });

/**
 * Text without U+0000: PostgreSQL cannot hold or compare it (the query fails), and no mail, name,
 * key or reason has a use for it. Refused here with the field named, not left to a 500.
 */
const Text = (limits: { minLength?: number; maxLength: number }) =>
  Type.String({ ...limits, pattern: '^[^\\u0000]*$' });

const MAX_PAGE_SIZE = 100;
// The offset PageNumber × PageSize must stay a safe integer: beyond it SQLite refuses the float it
// becomes and PostgreSQL overflows its bigint.
const MAX_PAGE_NUMBER = Math.floor(Number.MAX_SAFE_INTEGER / MAX_PAGE_SIZE);

export const SupervisorSignInBody = Type.Object(
  {
    SecretId: Text({ minLength: 1, maxLength: 256 }),
    SecretKey: Text({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SupervisorSignInBody = Static<typeof SupervisorSignInBody>;

export const OperatorSignInBody = Type.Object(
  {
    Name: Text({ minLength: 1, maxLength: 100 }),
    Password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type OperatorSignInBody = Static<typeof OperatorSignInBody>;

export const AgentSignInBody = Type.Object(
  {
    Mail: Text({ minLength: 1, maxLength: 320 }),
    Password: Type.String({ minLength: 1, maxLength: 1024 }),
    SdkAppId: Type.Optional(Id()),
  },
  { additionalProperties: false },
);
export type AgentSignInBody = Static<typeof AgentSignInBody>;

export const ActionPath = Type.Object({ name: Type.String({ pattern: '^[A-Za-z]{1,64}$' }) });
export type ActionPath = Static<typeof ActionPath>;

export const AppPath = Type.Object({ sdkAppId: Id() });
export type AppPath = Static<typeof AppPath>;

export const CampaignPath = Type.Object({
  sdkAppId: Id(),
  campaignId: Id(),
});
export type CampaignPath = Static<typeof CampaignPath>;

export const CampaignListQuery = Type.Object({
  PageNumber: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PAGE_NUMBER })),
  PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
});
export type CampaignListQuery = Static<typeof CampaignListQuery>;

export const AgentStatusBody = Type.Object(
  {
    Status: Type.Union([Type.Literal('free'), Type.Literal('rest'), Type.Literal('notReady')]),
    Reason: Type.Optional(Text({ maxLength: 128 })),
  },
  { additionalProperties: false },
);
export type AgentStatusBody = Static<typeof AgentStatusBody>;
