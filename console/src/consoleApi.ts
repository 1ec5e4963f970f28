/** The console's JSON endpoints under /console/api, as the signed-in browser calls them. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The API field the refusal is about (`Callees.3`), when it names one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const BASE = '/console/api';

let onSignedOut: () => void = () => {};

/** What to do when the server says the session is over. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(method !== 'GET' ? { 'x-ccc-console': '1' } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return readAnswer<T>(response.status, await response.text(), path);
}

/**
 * POSTs a large JSON body with upload progress (fetch cannot report it): the callee list of a new
 * campaign can be megabytes.
 */
export function postWithProgress<T>(
  path: string,
  body: unknown,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  const payload = new Blob([JSON.stringify(body)], { type: 'application/json' });
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}${path}`);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('x-ccc-console', '1');
    xhr.upload.addEventListener('progress', (e) =>
      onProgress(e.loaded, e.lengthComputable ? e.total : payload.size),
    );
    xhr.addEventListener('load', () => {
      try {
        resolve(readAnswer<T>(xhr.status, xhr.responseText, path));
      } catch (error) {
        reject(error);
      }
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError(0, 'NetworkError', 'The server could not be reached.')),
    );
    xhr.send(payload);
  });
}

function readAnswer<T>(status: number, text: string, path: string): T {
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(status, 'InternalError', `The server sent an unreadable answer (HTTP ${status}).`);
  }
  if (status >= 200 && status < 300) return parsed as T;
  const error = (parsed as { Error?: { Code?: string; Message?: string; Field?: string } }).Error ?? {};
  if (status === 401 && !path.startsWith('/session/')) onSignedOut();
  throw new ApiError(status, error.Code ?? 'InternalError', error.Message ?? `HTTP ${status}`, error.Field);
}
