/**
 * Turns what a person typed into CreatePredictiveDialingCampaign's parameters, loosely: nothing is
 * judged here. An empty field is left out (the API names it missing), and text that does not fit
 * is passed on as typed (the API names what is wrong with it), so the form shows the API's messages.
 */

export interface CampaignFormValues {
  readonly name: string;
  readonly skillGroupId: string;
  readonly priority: string;
  readonly expectedAbandonRate: string;
  readonly callers: readonly string[];
  readonly callOrder: string;
  readonly retryTimes: string;
  readonly retryInterval: string;
  /** `<input type="datetime-local">` values, local wall time. */
  readonly startTime: string;
  readonly endTime: string;
  readonly timeZone: string;
  /** "09:00-12:00, 13:00-18:00" */
  readonly availableTime: string;
  readonly ivrId: string;
  readonly uui: string;
  /** One `Key=Value` per line. */
  readonly variables: string;
}

export function campaignParams(sdkAppId: number, form: CampaignFormValues): Record<string, unknown> {
  const params: Record<string, unknown> = { SdkAppId: sdkAppId, Name: form.name.trim() };
  const number = (key: string, text: string) => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    const value = Number(trimmed);
    params[key] = Number.isFinite(value) ? value : trimmed;
  };
  number('SkillGroupId', form.skillGroupId);
  number('Priority', form.priority);
  number('ExpectedAbandonRate', form.expectedAbandonRate);
  params.Callers = [...form.callers];
  number('CallOrder', form.callOrder);
  number('RetryTimes', form.retryTimes);
  number('RetryInterval', form.retryInterval);
  const start = unixSeconds(form.startTime);
  if (start !== undefined) params.StartTime = start;
  const end = unixSeconds(form.endTime);
  if (end !== undefined) params.EndTime = end;
  if (form.timeZone.trim() !== '') params.TimeZone = form.timeZone.trim();
  const windows = availableTime(form.availableTime);
  if (windows.length > 0) params.AvailableTime = windows;
  number('IVRId', form.ivrId);
  if (form.uui !== '') params.UUI = form.uui;
  const variables = keyValues(form.variables);
  if (variables.length > 0) params.Variables = variables;
  return params;
}

function unixSeconds(local: string): number | undefined {
  if (local.trim() === '') return undefined;
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** "9:00-12:00, 13:00 - 18:00" → [{StartTime: "09:00:00", EndTime: "12:00:00"}, …]. */
export function availableTime(text: string): { StartTime: string; EndTime: string }[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [from = '', to = ''] = part.split(/\s*[-–]\s*/);
      return { StartTime: clockText(from), EndTime: clockText(to) };
    });
}

function clockText(text: string): string {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match) return text.trim();
  return `${match[1]!.padStart(2, '0')}:${match[2]}:${match[3] ?? '00'}`;
}

/** "plan=gold\nregion = north" → [{Key: "plan", Value: "gold"}, {Key: "region", Value: "north"}]. */
export function keyValues(text: string): { Key: string; Value: string }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0
        ? { Key: line.trim(), Value: '' }
        : { Key: line.slice(0, at).trim(), Value: line.slice(at + 1).trim() };
    });
}
