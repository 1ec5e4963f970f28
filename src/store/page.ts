/** A slice of a listing: skip `offset` rows, return at most `limit`. */
export interface Page {
  readonly offset: number;
  readonly limit: number;
}

/**
 * Tencent pages from 0: page N of size S starts at row N × S. The product of two safe integers can
 * leave the safe range — and SQLite's 64-bit OFFSET, which refuses the float it would become — so
 * it is capped: no table has 2^53 rows, so a page that far is as empty as the true one.
 */
export function pageOf(pageNumber: number, pageSize: number): Page {
  return { offset: Math.min(pageNumber * pageSize, Number.MAX_SAFE_INTEGER), limit: pageSize };
}
