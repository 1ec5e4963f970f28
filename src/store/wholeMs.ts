/**
 * Times reach the bigint columns as whole milliseconds. The engine's clocks may carry fractions
 * (a virtual clock advanced by a drawn ring time, a scaled clock at a fractional speed); SQLite
 * stored them as they came, PostgreSQL refuses them ("invalid input syntax for type bigint").
 * Flooring keeps order (t1 ≤ t2 ⇒ ⌊t1⌋ ≤ ⌊t2⌋) and keeps `due ≤ now` exact for whole due times.
 */
export function wholeMs(ms: number): number {
  return Math.floor(ms);
}
