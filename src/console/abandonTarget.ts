/**
 * The abandon rate the pacer holds, percent: the campaign's ExpectedAbandonRate, or the
 * application's compliance ceiling when that is lower (DESIGN.md, "Compliance").
 */
export function abandonTarget(expectedAbandonRate: number, ceiling: number | null): number {
  return ceiling === null ? expectedAbandonRate : Math.min(expectedAbandonRate, ceiling);
}
