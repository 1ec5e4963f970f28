import { Type } from '@sinclair/typebox';
import { CampaignRanges as R } from '../../../domain/campaign/campaignRanges.ts';

/**
 * The TypeBox pieces of the campaign family's inputs. Field names and nesting are Tencent's
 * (tencentcloud/ccc/v20200210/models.js); the ranges are the seed's, so the gateway refuses an
 * out-of-range value with InvalidParameterValue naming the field before any handler runs.
 */

const strict = { additionalProperties: false } as const;

export const SdkAppId = Type.Integer();
export const CampaignId = Type.Integer(R.id);
export const SkillGroupId = Type.Integer(R.id);

export const Variable = Type.Object(
  {
    Key: Type.String(R.variableKeyLength),
    Value: Type.String(R.variableValueLength),
  },
  strict,
);

export const CalleeAttribute = Type.Object(
  {
    Callee: Type.String(),
    UUI: Type.Optional(Type.String(R.uuiLength)),
    Variables: Type.Optional(Type.Array(Variable)),
  },
  strict,
);

export const TimeRange = Type.Object({ StartTime: Type.String(), EndTime: Type.String() }, strict);

/** The fields Create and Update share, as Create requires them. */
export const CampaignFields = {
  Name: Type.String(R.nameLength),
  Callees: Type.Array(Type.String(), { minItems: 1 }),
  Callers: Type.Array(Type.String(), { minItems: 1 }),
  CallOrder: Type.Integer(R.callOrder),
  SkillGroupId,
  Priority: Type.Integer(R.priority),
  ExpectedAbandonRate: Type.Integer(R.expectedAbandonRate),
  RetryInterval: Type.Integer(R.retryInterval),
  StartTime: Type.Integer(R.unixSeconds),
  EndTime: Type.Integer(R.unixSeconds),
  IVRId: Type.Optional(Type.Integer(R.id)),
  RetryTimes: Type.Optional(Type.Integer(R.retryTimes)),
  Variables: Type.Optional(Type.Array(Variable)),
  UUI: Type.Optional(Type.String(R.uuiLength)),
  CalleeAttributes: Type.Optional(Type.Array(CalleeAttribute)),
};
