/**
 * The numeric ranges of the seed (CreatePredictiveDialingCampaign) and SPEC §2. The API puts them in
 * its input schemas, so an out-of-range value is refused before any handler runs.
 */
export const CampaignRanges = {
  callOrder: { minimum: 0, maximum: 1 },
  priority: { minimum: 1, maximum: 5 },
  // Tencent's SDK model says 0–50 for Create; the seed says 5–50 and the seed wins.
  expectedAbandonRate: { minimum: 5, maximum: 50 },
  retryInterval: { minimum: 60, maximum: 86_400 },
  retryTimes: { minimum: 0, maximum: 2 },
  // Up to 9999-12-31: what every backend's bigint and every client's date type can hold.
  unixSeconds: { minimum: 0, maximum: 253_402_300_799 },
  // Ids are bigint columns; past 2^53 a JS number is no longer the id the client meant.
  id: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  nameLength: { minLength: 1, maxLength: 256 },
  // UUI travels in a SIP User-to-User header: keep it to what a header carries comfortably.
  uuiLength: { maxLength: 1024 },
  variableKeyLength: { minLength: 1, maxLength: 128 },
  variableValueLength: { maxLength: 1024 },
} as const;
