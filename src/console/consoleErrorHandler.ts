import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import { NotAllowed, NotFound, SignInRefused, SignInRequired, TooManyAttempts } from './consoleErrors.ts';
import { failureField } from './failureField.ts';

/**
 * Turns every refusal into the console's error body, `{Error: {Code, Message, Field}}`: the API's
 * code and message for a refused action (Field names what the form should mark), and an HTTP
 * status the browser can act on (401: show the sign-in page).
 */
export function consoleErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, code: string, message: string, field?: string) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ Error: { Code: code, Message: message, ...(field ? { Field: field } : {}) } });

  if (error instanceof Failure) {
    request.log.info({ code: error.code, message: error.message }, 'console request refused');
    const status = error.code === ErrorCode.RequestLimitExceeded ? 429 : 400;
    return send(status, error.code, error.message, failureField(error.message));
  }
  if (error instanceof SignInRequired) return send(401, 'SignInRequired', error.message);
  if (error instanceof SignInRefused) return send(401, 'SignInRefused', error.message);
  if (error instanceof NotAllowed) return send(403, 'NotAllowed', error.message);
  if (error instanceof NotFound) return send(404, 'NotFound', error.message);
  if (error instanceof TooManyAttempts) return send(429, ErrorCode.RequestLimitExceeded, error.message);
  if (error.validation) {
    return send(400, ErrorCode.InvalidParameter, `The request is invalid: ${error.message}.`);
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(413, ErrorCode.RequestSizeLimitExceeded, 'The request is too large.');
  }
  if (error.statusCode && error.statusCode < 500) {
    return send(error.statusCode, ErrorCode.InvalidParameter, error.message);
  }
  request.log.error({ err: error }, 'console request failed');
  return send(500, ErrorCode.InternalError, 'An internal error occurred.');
}
