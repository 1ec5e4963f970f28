import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Who is signed in to the console; kept in a signed cookie, checked against the database on use. */
export type ConsoleSession =
  | SupervisorSession
  | (SessionTerms & {
      readonly kind: 'agent';
      readonly sdkAppId: number;
      readonly mail: string;
      readonly passwordTag: string;
    });

/** What every session has: its own id (what signing out records) and its expiry. */
export interface SessionTerms {
  readonly id: string;
  readonly expiresAt: number;
}

/** How a supervisor signed in: with one of the account's API keys, or as an operator of the config. */
export type SupervisorIdentity =
  | {
      readonly accountId: string;
      readonly secretId: string;
      /** Fingerprint of the key's secret (secretTag): a changed secret ends the session. */
      readonly keyTag: string;
      readonly operator?: undefined;
    }
  | {
      readonly accountId: string;
      readonly operator: string;
      /** Fingerprint of the operator's password hash: a changed password ends the session. */
      readonly passwordTag: string;
      readonly secretId?: undefined;
    };

export type SupervisorSession = SupervisorIdentity &
  SessionTerms & {
    readonly kind: 'supervisor';
  };

export const SESSION_COOKIE = 'ccc_console';
/** A working day and then some; after it the person signs in again. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

/** The terms of a session opened now: a fresh random id, and the expiry. */
export function newSessionTerms(realNow: number): SessionTerms {
  return { id: randomBytes(16).toString('base64url'), expiresAt: realNow + SESSION_TTL_MS };
}

/**
 * Sets the session cookie: signed (so it cannot be forged), HttpOnly (so page scripts cannot read
 * it), SameSite=Strict (so other sites cannot ride on it) and Secure whenever the console is
 * reached over https, directly or behind a proxy that says so.
 */
export function writeSession(request: FastifyRequest, reply: FastifyReply, session: ConsoleSession): void {
  const value = Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/console',
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(request),
    signed: true,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSession(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/console',
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(request),
  });
}

/** The session the request's cookie carries, if it is genuine and not expired (on real time). */
export function readSession(request: FastifyRequest, realNow: number): ConsoleSession | undefined {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  let session: ConsoleSession;
  try {
    session = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as ConsoleSession;
  } catch {
    return undefined;
  }
  if (typeof session?.expiresAt !== 'number' || session.expiresAt <= realNow) return undefined;
  // Cookies made before sessions had ids cannot be signed out: they are not accepted.
  if (typeof session.id !== 'string') return undefined;
  if (session.kind !== 'supervisor' && session.kind !== 'agent') return undefined;
  return session;
}

function isHttps(request: FastifyRequest): boolean {
  // Marking the cookie Secure on a spoofed header only hurts the spoofer: the browser then
  // withholds it over plain http.
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}
