import type { Selectable, Updateable } from 'kysely';
import type { TimeRange } from '../../domain/campaign/availableTime.ts';
import type { CampaignSettings } from '../../domain/campaign/campaignSettings.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import type { CampaignTable } from '../schema.ts';

export type CampaignRow = Selectable<CampaignTable>;

/** The columns that hold a campaign's settings. */
export function settingsColumns(settings: CampaignSettings) {
  return {
    name: settings.name,
    callers: JSON.stringify(settings.callers),
    call_order: settings.callOrder,
    skill_group_id: settings.skillGroupId,
    ivr_id: settings.ivrId,
    priority: settings.priority,
    expected_abandon_rate: settings.expectedAbandonRate,
    retry_times: settings.retryTimes,
    retry_interval_s: settings.retryIntervalS,
    start_time_s: settings.startTimeS,
    end_time_s: settings.endTimeS,
    variables: JSON.stringify(settings.variables),
    uui: settings.uui,
    time_zone: settings.timeZone,
    available_time: JSON.stringify(settings.availableTime),
  } satisfies Updateable<CampaignTable>;
}

/**
 * Only the columns whose value differs between two versions of the settings: an update writes
 * no more than it changes, so two partial updates at once (or an update and the engine) do not
 * write back each other's stale values.
 */
export function changedColumns(before: CampaignSettings, after: CampaignSettings): Updateable<CampaignTable> {
  const old: Record<string, unknown> = settingsColumns(before);
  return Object.fromEntries(
    Object.entries(settingsColumns(after)).filter(([column, value]) => old[column] !== value),
  );
}

/** The settings a stored campaign row holds. */
export function settingsOf(row: CampaignRow): CampaignSettings {
  return {
    name: row.name,
    callers: JSON.parse(row.callers) as string[],
    callOrder: row.call_order,
    skillGroupId: row.skill_group_id,
    ivrId: row.ivr_id,
    priority: row.priority,
    expectedAbandonRate: row.expected_abandon_rate,
    retryTimes: row.retry_times,
    retryIntervalS: row.retry_interval_s,
    startTimeS: row.start_time_s,
    endTimeS: row.end_time_s,
    variables: JSON.parse(row.variables) as Variable[],
    uui: row.uui,
    timeZone: row.time_zone,
    availableTime: JSON.parse(row.available_time) as TimeRange[],
  };
}
