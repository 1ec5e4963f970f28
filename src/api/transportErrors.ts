import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';

/**
 * Answers a request Node's HTTP parser gave up on — malformed (a bare CR or LF in a header, a
 * broken chunk), headers too large, or not complete within the request timeout — with the API's
 * envelope instead of Fastify's bare 400/408/431: the SDKs read an error only from an HTTP 200
 * JSON `Response`. The connection is closed after it, since nothing more on it can be framed.
 */
export function transportErrorHandler(log: FastifyBaseLogger, requestTimeoutMs: number) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const failure = transportFailure(error.code, requestTimeoutMs);
    log.info({ code: failure.code, reason: error.code }, 'unreadable request refused');
    if (socket.writable) {
      const body = JSON.stringify({
        Response: { Error: { Code: failure.code, Message: failure.text.en }, RequestId: randomUUID() },
      });
      socket.write(
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

function transportFailure(code: string | undefined, requestTimeoutMs: number): Failure {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new Failure(ErrorCode.RequestSizeLimitExceeded, {
        en: 'The request headers are too large.',
        zh: '请求头过大。',
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new Failure(ErrorCode.UnsupportedProtocol, {
        en: `The request did not arrive in full within ${requestTimeoutMs} ms.`,
        zh: `请求未能在 ${requestTimeoutMs} 毫秒内完整到达。`,
      });
    default:
      return new Failure(ErrorCode.UnsupportedProtocol, {
        en: `The request is not well-formed HTTP/1.1 (${code ?? 'unreadable'}).`,
        zh: `请求不是格式正确的 HTTP/1.1（${code ?? '无法读取'}）。`,
      });
  }
}
