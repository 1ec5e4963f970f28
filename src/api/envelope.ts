import type { FastifyReply } from 'fastify';
import type { Failure } from '../domain/failure.ts';
import type { Language } from './action.ts';
import { atEndOfTurn, currentTurn } from './endOfTurn.ts';

/**
 * Sends an answer of the API: HTTP 200, Content-Type exactly `application/json` (the Python SDK
 * looks for an error only in a body with exactly that type), the request's trace id echoed. The
 * answer is written to the response as it is, past Fastify's reply (hooks, serialisers and the
 * `; charset=utf-8` it adds to a text body), which cost ~5 µs a request; the caller must not use
 * the reply afterwards.
 *
 * An answer ready in the turn its request arrived in leaves at the end of that turn, with the
 * others of the turn (see atEndOfTurn). One ready in a later turn — a write's, after the commit it
 * waited for — leaves at once: the answers of one commit are ready together anyway, and holding
 * them one more turn would shrink the next commit's batch (Creates fell from 3,200 to 2,650 a
 * second on the benchmark).
 */
export function sendEnvelope(
  reply: FastifyReply,
  envelopeJson: string,
  traceId: string | undefined,
  arrivalTurn: number,
): FastifyReply {
  reply.hijack();
  if (currentTurn() === arrivalTurn) atEndOfTurn(() => writeAnswer(reply, envelopeJson, traceId));
  else writeAnswer(reply, envelopeJson, traceId);
  return reply;
}

function writeAnswer(reply: FastifyReply, envelopeJson: string, traceId: string | undefined): void {
  try {
    // A Buffer: Node writes a text body in one piece with the head, in the body's encoding, which
    // would turn a Latin-1 trace id into UTF-8 on the way back.
    const body = Buffer.from(envelopeJson);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': body.length,
    };
    if (traceId) headers['x-tc-traceid'] = traceId;
    reply.raw.writeHead(200, headers);
    reply.raw.end(body);
  } catch (error) {
    // Out of the request's own call chain, a fault has nobody to go back to: the client sees the
    // connection close rather than wait for an answer that will not come.
    reply.log.error({ err: error }, 'answer could not be sent');
    reply.raw.destroy();
  }
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
