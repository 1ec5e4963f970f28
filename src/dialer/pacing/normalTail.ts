/**
 * Standard normal CDF Φ(z), via the Abramowitz–Stegun 26.2.17 polynomial (|error| < 7.5e-8):
 * one exp per call, which matters on the pacer's hot path.
 */
export function normalCdf(z: number): number {
  if (z < -12) return 0;
  if (z > 12) return 1;
  const x = z < 0 ? -z : z;
  const t = 1 / (1 + 0.2316419 * x);
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = 0.3989422804014327 * Math.exp(-0.5 * x * x) * poly;
  return z < 0 ? tail : 1 - tail;
}

const TABLE_STEPS_PER_UNIT = 64;
const TABLE_LIMIT = 8;
const table = (() => {
  const n = 2 * TABLE_LIMIT * TABLE_STEPS_PER_UNIT + 1;
  const values = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) values[i] = normalCdf(i / TABLE_STEPS_PER_UNIT - TABLE_LIMIT);
  values[n] = 1;
  return values;
})();

/** Φ(z) by table lookup and linear interpolation (|error| < 1e-5), for the pacer's inner loops. */
export function fastNormalCdf(z: number): number {
  if (z <= -TABLE_LIMIT) return 0;
  if (z >= TABLE_LIMIT) return 1;
  const x = (z + TABLE_LIMIT) * TABLE_STEPS_PER_UNIT;
  const i = x | 0;
  const f = x - i;
  const a = table[i]!;
  return a + f * (table[i + 1]! - a);
}
