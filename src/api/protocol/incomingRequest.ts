/**
 * An HTTP request as the protocol layer sees it: plain data, so parsing and signature checks can be
 * tested without a server. The HTTP adapter builds it from what it received, changing nothing —
 * signatures cover the bytes as sent, so any normalisation here would break verification.
 */
export type IncomingRequest = {
  method: string;
  /** Path and query exactly as sent: TC3 GET signs the raw query string, not a re-encoded one. */
  url: string;
  /** Header names in lower case; values as sent. */
  headers: Record<string, string | undefined>;
  /** Raw UTF-8 body, '' if none: TC3 POST signs its hash. */
  body: string;
};

/** The path part of the request target (what precedes `?`), which both signature schemes sign. */
export function requestPath(req: IncomingRequest): string {
  const mark = req.url.indexOf('?');
  return mark === -1 ? req.url : req.url.slice(0, mark);
}

/** The raw query string (what follows the first `?`), '' when there is none. */
export function requestQuery(req: IncomingRequest): string {
  const mark = req.url.indexOf('?');
  return mark === -1 ? '' : req.url.slice(mark + 1);
}

/** The media type of Content-Type without parameters (`; charset=utf-8`), lower-cased. */
export function mediaType(req: IncomingRequest): string {
  const raw = req.headers['content-type'] ?? '';
  const semicolon = raw.indexOf(';');
  return (semicolon === -1 ? raw : raw.slice(0, semicolon)).trim().toLowerCase();
}
