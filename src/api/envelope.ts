import type { FastifyReply } from 'fastify';
import type { Failure } from '../domain/failure.ts';
import type { Language } from './action.ts';
import { atEndOfTurn } from './endOfTurn.ts';

/**
 * Sends an answer of the API: HTTP 200, Content-Type exactly `application/json` (the Python SDK
 * looks for an error only in a body with exactly that type), the request's trace id echoed. The
 * body leaves at the end of the event-loop turn (see atEndOfTurn); a handler returns the reply.
 */
export function sendEnvelope(reply: FastifyReply, envelopeJson: string, traceId: string | undefined) {
  reply.code(200).header('content-type', 'application/json');
  if (traceId) reply.header('x-tc-traceid', traceId);
  // A Buffer, because Fastify appends `; charset=utf-8` to the type of a string body.
  const body = Buffer.from(envelopeJson);
  atEndOfTurn(() => reply.send(body));
  return reply;
}

/**
 * The envelope of a success, from its output as JSON (an object's text): spliced, not parsed
 * again, so that an answer kept as text (see the gateway's answer cache) is never serialised twice.
 */
export function successJson(outputJson: string, requestId: string): string {
  const requestIdField = `"RequestId":${JSON.stringify(requestId)}`;
  const fields = outputJson.slice(1, -1);
  return `{"Response":{${fields === '' ? '' : `${fields},`}${requestIdField}}}`;
}

export function errorJson(failure: Failure, language: Language, requestId: string): string {
  return JSON.stringify({
    Response: { Error: { Code: failure.code, Message: failure.messageIn(language) }, RequestId: requestId },
  });
}
