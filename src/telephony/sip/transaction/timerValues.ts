/**
 * RFC 3261 §17 timer base values. T1 is the round-trip estimate, T2 the cap on non-INVITE
 * retransmission intervals, T4 how long the network may hold a message. Every other timer derives
 * from them (Table 4): B, F, H, J, L, M = 64×T1; D ≥ 32 s over UDP; K and I = T4 over UDP.
 * Tests shrink them; the wire never sees anything but the defaults.
 */
export interface SipTimerValues {
  readonly t1: number;
  readonly t2: number;
  readonly t4: number;
  /** Timer D: how long an INVITE client transaction absorbs retransmitted final responses (UDP). */
  readonly d: number;
}

export const RFC3261_TIMERS: SipTimerValues = { t1: 500, t2: 4000, t4: 5000, d: 32_000 };

/** B, F, H, J, L and M. */
export function transactionTimeout(timers: SipTimerValues): number {
  return 64 * timers.t1;
}
