import type { FastifyReply } from 'fastify';
import type { Failure } from '../domain/failure.ts';
import type { Language } from './action.ts';

/**
 * Every answer of the API: HTTP 200, Content-Type exactly `application/json` (the Python SDK looks
 * for an error only in a body with exactly that type), the request's trace id echoed.
 */
export function sendEnvelope(
  reply: FastifyReply,
  response: Record<string, unknown>,
  traceId: string | undefined,
) {
  reply.code(200).header('content-type', 'application/json');
  if (traceId) reply.header('x-tc-traceid', traceId);
  // A Buffer, because Fastify appends `; charset=utf-8` to the type of a string body.
  return reply.send(Buffer.from(JSON.stringify({ Response: response })));
}

export function successBody(output: Record<string, unknown>, requestId: string): Record<string, unknown> {
  return { ...output, RequestId: requestId };
}

export function errorBody(failure: Failure, language: Language, requestId: string): Record<string, unknown> {
  return { Error: { Code: failure.code, Message: failure.messageIn(language) }, RequestId: requestId };
}
