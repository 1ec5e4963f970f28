import { ErrorCode } from '../../src/domain/errorCodes.ts';
import type { RawResponse } from './rawHttp.ts';

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Envelope {
  readonly Response: {
    readonly RequestId: string;
    readonly Error?: { readonly Code: string; readonly Message: string };
    readonly [field: string]: unknown;
  };
}

/**
 * What is wrong with an answer as SPEC §1 has it: HTTP 200, Content-Type exactly
 * `application/json`, a JSON body with `Response.RequestId` (a UUID) and, on failure, an `Error` whose
 * Code is in our catalogue and whose Message says something. An empty list: a well-formed envelope.
 */
export function envelopeProblems(response: RawResponse): string[] {
  const problems: string[] = [];
  if (response.status !== 200) problems.push(`HTTP ${response.status}`);
  if (response.headers['content-type'] !== 'application/json') {
    problems.push(`Content-Type ${response.headers['content-type']}`);
  }
  let body: Envelope;
  try {
    body = JSON.parse(response.body) as Envelope;
  } catch {
    return [...problems, `body is not JSON: ${response.body.slice(0, 200)}`];
  }
  const answer = body?.Response;
  if (typeof answer !== 'object' || answer === null) return [...problems, 'no Response'];
  if (typeof answer.RequestId !== 'string' || !UUID.test(answer.RequestId)) problems.push('no RequestId');
  if (answer.Error !== undefined) {
    if (!CODES.has(answer.Error.Code)) problems.push(`code ${answer.Error.Code} is not in the catalogue`);
    if (typeof answer.Error.Message !== 'string' || answer.Error.Message === '') problems.push('no Message');
  }
  return problems;
}

/** The envelope of a well-formed answer; throws, naming what is wrong, otherwise. */
export function envelopeOf(response: RawResponse): Envelope {
  const problems = envelopeProblems(response);
  if (problems.length > 0) throw new Error(`not a well-formed envelope: ${problems.join('; ')}`);
  return JSON.parse(response.body) as Envelope;
}

/** The error code of an answer, or 'Success'. */
export function codeOf(response: RawResponse): string {
  return envelopeOf(response).Response.Error?.Code ?? 'Success';
}
