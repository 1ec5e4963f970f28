/**
 * HTTP/1.1 over a bare socket, for requests no HTTP client would send: bytes that are not UTF-8,
 * CR or LF inside a header, a body that trickles in. Each exchange is one connection (`Connection:
 * close`), read until the server closes it.
 */
import { createHash, createHmac } from 'node:crypto';
import net from 'node:net';
import type { IncomingRequest } from '../../src/api/protocol/incomingRequest.ts';

export interface RawRequest {
  readonly method: string;
  readonly url: string;
  /** Sent as given, in this order (values may hold anything, CR and LF included). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated ones joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Whether the server closed the connection before the timeout. */
  readonly closed: boolean;
}

/** The request's bytes, with Content-Length and Connection: close unless the headers say otherwise. */
export function requestBytes(request: RawRequest): Buffer {
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const lines = [
    `${request.method} ${request.url} HTTP/1.1`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    ...(names.has('content-length') || names.has('transfer-encoding')
      ? []
      : [`content-length: ${request.body.length}`]),
    ...(names.has('connection') ? [] : ['connection: close']),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body]);
}

/** Sends raw bytes on a new connection and reads the answer until the server closes it. */
export function exchange(port: number, bytes: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(chunks)), closed: false });
    }, timeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks)), closed: true });
    });
  });
}

export function send(port: number, request: RawRequest, timeoutMs?: number): Promise<RawResponse> {
  return exchange(port, requestBytes(request), timeoutMs);
}

function parseResponse(raw: Buffer): Omit<RawResponse, 'closed'> {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return { status: 0, headers: {}, body: '' };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return {
    status: Number(statusLine.split(' ')[1] ?? 0),
    headers,
    body: raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8'),
  };
}

/** A protocol-layer request (test/support/signer.ts) as raw HTTP. */
export function fromIncoming(req: IncomingRequest): RawRequest {
  return {
    method: req.method,
    url: req.url,
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, value] as const],
    ),
    body: Buffer.from(req.body, 'utf8'),
  };
}

export interface Tc3Key {
  readonly secretId: string;
  readonly secretKey: string;
}

/**
 * A TC3 POST signed over the body's bytes as they are, UTF-8 or not (signer.ts hashes text).
 * Credential scope `ccc`, as the Go and Python SDKs sign; host signed with the port.
 */
export function signedTc3(options: {
  readonly host: string;
  readonly key: Tc3Key;
  readonly action: string;
  readonly body: Buffer | string;
  readonly timestamp?: number;
  readonly contentType?: string;
  /** Sent unsigned, after the signed ones. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
}): RawRequest {
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const contentType = options.contentType ?? 'application/json';
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
  const hmac = (key: Buffer | string, text: string) =>
    createHmac('sha256', key).update(text, 'utf8').digest();
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:${contentType}\nhost:${options.host}\n`,
    'content-type;host',
    sha256(body),
  ].join('\n');
  const scope = `${date}/ccc/tc3_request`;
  const key = hmac(hmac(hmac(`TC3${options.key.secretKey}`, date), 'ccc'), 'tc3_request');
  const signature = hmac(key, `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${sha256(canonical)}`).toString(
    'hex',
  );
  return {
    method: 'POST',
    url: '/',
    headers: [
      ['host', options.host],
      ['content-type', contentType],
      ['x-tc-action', options.action],
      ['x-tc-version', '2020-02-10'],
      ['x-tc-timestamp', String(timestamp)],
      [
        'authorization',
        `TC3-HMAC-SHA256 Credential=${options.key.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
      ],
      ...(options.headers ?? []),
    ],
    body,
  };
}
