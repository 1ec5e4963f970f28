/**
 * Where the registrar keeps its bindings (RFC 3261 §10.3): in memory for a dialer alone, or in the
 * database, so that every node of a cluster finds a phone whichever node it registered with.
 *
 * Usernames arrive lower-cased. Times are the registrar's clock in ms; nodes sharing a store agree
 * on them within the cluster's clock-skew bound, far under the minimum registration interval.
 */
export interface Binding {
  readonly contact: string;
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
  /** Lower is older: the freshest binding is the one a call goes to. */
  readonly registeredAt: number;
}

/** The REGISTER a write comes from: its Call-ID and CSeq. */
export interface RegisterOrder {
  readonly callId: string;
  readonly cseq: number;
}

/**
 * Every write is ordered as RFC 3261 §10.3 step 7 orders REGISTERs: it changes no binding that a
 * REGISTER with the same Call-ID and a CSeq at least this one's wrote (an expired binding aside).
 * The registrar checks that first and answers 500; the store applies it again in the write
 * itself, because the check and the write are apart in time and nodes share the store — a
 * delayed refresh must not bring back a binding that a newer REGISTER removed meanwhile.
 */
export interface RegistrationStore {
  /** The username's bindings not yet expired at `now`, freshest first. */
  liveBindings(username: string, now: number): Promise<Binding[]>;
  /**
   * Adds the binding, or refreshes the username's binding of the same contact (the binding's own
   * Call-ID and CSeq order it). Bindings of the username that expired by `now` go too, so that
   * phones that vanished leave nothing behind.
   */
  save(username: string, binding: Binding, now: number): Promise<void>;
  remove(username: string, contact: string, order: RegisterOrder): Promise<void>;
  removeAll(username: string, order: RegisterOrder): Promise<void>;
}

/** Whether `order` comes too late to change `stored` (see RegistrationStore). */
export function isOutOfOrder(stored: Binding, order: RegisterOrder, now: number): boolean {
  return stored.expiresAt > now && stored.callId === order.callId && stored.cseq >= order.cseq;
}

/** Freshest first; a tie goes to the contact's order, so that every store answers alike. */
export function byFreshness(a: Binding, b: Binding): number {
  return b.registeredAt - a.registeredAt || (a.contact < b.contact ? -1 : a.contact > b.contact ? 1 : 0);
}
