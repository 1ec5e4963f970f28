import { readFileSync } from 'node:fs';
import type { IncomingRequest } from '../../../src/api/protocol/incomingRequest.ts';

/** One captured (or mutated) request from ../shared/vectors/requests.json. */
export type Vector = {
  name: string;
  mutation?: string;
  signMethod: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  secretId: string;
  secretKey: string;
  now: number;
  expect: string;
};

// CI copies /work/shared beside the repository clone, as `../shared` from the repository root.
const VECTORS_URL = new URL('../../../../shared/vectors/requests.json', import.meta.url);

export function loadVectors(): Vector[] {
  return (JSON.parse(readFileSync(VECTORS_URL, 'utf8')) as { vectors: Vector[] }).vectors;
}

/** The vector as the HTTP adapter would hand it over: header names lower-cased, nothing else. */
export function toIncoming(vector: Pick<Vector, 'method' | 'path' | 'headers' | 'body'>): IncomingRequest {
  return {
    method: vector.method,
    url: vector.path,
    headers: Object.fromEntries(
      Object.entries(vector.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    body: vector.body,
  };
}
