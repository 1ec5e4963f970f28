import type { TimeRange } from '../../../domain/campaign/availableTime.ts';
import { validateAvailableTime } from '../../../domain/campaign/availableTime.ts';
import type { CalleeAttributeInput } from '../../../domain/campaign/calleeAttributes.ts';
import { normaliseCallees } from '../../../domain/campaign/calleeList.ts';
import { validateCallers } from '../../../domain/campaign/callerList.ts';
import { validateName } from '../../../domain/campaign/campaignName.ts';
import type { CampaignSettings } from '../../../domain/campaign/campaignSettings.ts';
import { invalidValue } from '../../../domain/campaign/invalidValue.ts';
import { validateTimeZone } from '../../../domain/campaign/timeZone.ts';
import { type Variable, validateVariables } from '../../../domain/campaign/variables.ts';
import { ivrExists, numberStates, skillGroupExists } from '../../../store/campaigns/campaignReferences.ts';
import type { ActionContext } from '../../action.ts';
import { directoryRead } from '../../directoryCache.ts';

/** The campaign fields of a Create or Update request, any of them possibly absent (an Update's). */
export interface CampaignFieldsInput {
  readonly Name?: string | undefined;
  readonly Callees?: readonly string[] | undefined;
  readonly Callers?: readonly string[] | undefined;
  readonly CallOrder?: number | undefined;
  readonly SkillGroupId?: number | undefined;
  readonly Priority?: number | undefined;
  readonly ExpectedAbandonRate?: number | undefined;
  readonly RetryInterval?: number | undefined;
  readonly StartTime?: number | undefined;
  readonly EndTime?: number | undefined;
  readonly IVRId?: number | undefined;
  readonly RetryTimes?: number | undefined;
  readonly Variables?: readonly Variable[] | undefined;
  readonly UUI?: string | undefined;
  readonly CalleeAttributes?: readonly CalleeAttributeInput[] | undefined;
  readonly TimeZone?: string | undefined;
  readonly AvailableTime?: readonly TimeRange[] | undefined;
}

/** The given fields, validated: settings to overlay on a base, and a new callee list if one came. */
export interface ValidatedFields {
  readonly settings: Partial<CampaignSettings>;
  readonly calleeNumbers: string[] | undefined;
}

/**
 * Checks each given field in the seed's order (the first problem is the one reported): the pure
 * rules of the domain, and what only the database knows — the application's numbers, skill groups
 * and IVRs. Ranges were the schema's business already. Fields left out are not looked at.
 */
export async function validateGivenFields(
  ctx: ActionContext,
  sdkAppId: number,
  input: CampaignFieldsInput,
): Promise<ValidatedFields> {
  const { db } = ctx.services;
  const settings: { -readonly [K in keyof CampaignSettings]?: CampaignSettings[K] } = {};
  if (input.Name !== undefined) settings.name = validateName(input.Name);
  const calleeNumbers = input.Callees !== undefined ? normaliseCallees(input.Callees) : undefined;
  if (input.Callers !== undefined) {
    settings.callers = validateCallers(
      input.Callers,
      await directoryRead(ctx.services, `numbers:${sdkAppId}`, () => numberStates(db, sdkAppId)),
    );
  }
  if (input.CallOrder !== undefined) settings.callOrder = input.CallOrder;
  if (input.SkillGroupId !== undefined) {
    const skillGroupId = input.SkillGroupId;
    const exists = await directoryRead(ctx.services, `skillGroup:${sdkAppId}:${skillGroupId}`, () =>
      skillGroupExists(db, sdkAppId, skillGroupId),
    );
    if (!exists) {
      throw invalidValue('SkillGroupId', {
        en: `skill group ${input.SkillGroupId} does not exist in this application.`,
        zh: `技能组 ${input.SkillGroupId} 在本应用中不存在。`,
      });
    }
    settings.skillGroupId = input.SkillGroupId;
  }
  if (input.Priority !== undefined) settings.priority = input.Priority;
  if (input.ExpectedAbandonRate !== undefined) settings.expectedAbandonRate = input.ExpectedAbandonRate;
  if (input.RetryInterval !== undefined) settings.retryIntervalS = input.RetryInterval;
  if (input.StartTime !== undefined) settings.startTimeS = input.StartTime;
  if (input.EndTime !== undefined) settings.endTimeS = input.EndTime;
  if (input.IVRId !== undefined) {
    const ivrId = input.IVRId;
    if (
      !(await directoryRead(ctx.services, `ivr:${sdkAppId}:${ivrId}`, () => ivrExists(db, sdkAppId, ivrId)))
    ) {
      throw invalidValue('IVRId', {
        en: `IVR ${input.IVRId} does not exist in this application.`,
        zh: `IVR ${input.IVRId} 在本应用中不存在。`,
      });
    }
    settings.ivrId = input.IVRId;
  }
  if (input.RetryTimes !== undefined) settings.retryTimes = input.RetryTimes;
  if (input.Variables !== undefined) settings.variables = validateVariables(input.Variables, 'Variables');
  if (input.UUI !== undefined) settings.uui = input.UUI;
  if (input.TimeZone !== undefined) settings.timeZone = validateTimeZone(input.TimeZone);
  if (input.AvailableTime !== undefined) settings.availableTime = validateAvailableTime(input.AvailableTime);
  return { settings, calleeNumbers };
}

/** The names of the fields a request actually carries (the SDKs send nothing for a field left unset). */
export function givenFieldNames(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
}
