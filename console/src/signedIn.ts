import type { SessionView } from '../../src/console/consoleWire.ts';
import { api } from './consoleApi.ts';

let current: SessionView | undefined;
let fetchedAt = 0;

/** Who is signed in, asked of the server (the session cookie is HttpOnly: scripts cannot read it). */
export async function loadSession(): Promise<SessionView | undefined> {
  try {
    remember(await api<SessionView>('GET', '/session'));
  } catch {
    current = undefined;
  }
  return current;
}

export function remember(session: SessionView | undefined): void {
  current = session;
  fetchedAt = Date.now();
}

export function session(): SessionView | undefined {
  return current;
}

/** The server's business clock now: it runs faster than real time in a sped-up demo. */
export function businessNow(): number {
  if (!current) return Date.now();
  return current.ClockNow + (Date.now() - fetchedAt) * current.ClockSpeed;
}

export function clockSpeed(): number {
  return current?.ClockSpeed ?? 1;
}
