/** A slice of a listing: skip `offset` rows, return at most `limit`. */
export interface Page {
  readonly offset: number;
  readonly limit: number;
}

/** Tencent pages from 0: page N of size S starts at row N × S. */
export function pageOf(pageNumber: number, pageSize: number): Page {
  return { offset: pageNumber * pageSize, limit: pageSize };
}
