/**
 * Values read from the database, kept until anything is committed to it: by this process (the
 * first read after the commit reads again) or by another, an `admin key disable` say (on SQLite,
 * read again within a millisecond of its commit). Where the database cannot tell (`changeToken`
 * undefined: PostgreSQL) nothing is kept. Bounded: past `capacity` keys the oldest go, so keys a
 * client makes up cannot grow it.
 *
 * Made for what requests read all the time and hardly anyone changes — access keys, applications,
 * their numbers and skill groups, and listings (the gateway's answers): on SQLite the check costs
 * well under a µs where each read cost a query (10–50 µs in the server). Values are shared
 * between requests: objects are frozen, and callers must not change them.
 */
export class ChangeCache {
  readonly #changeToken: () => string | undefined;
  readonly #capacity: number;
  readonly #values = new Map<string, { readonly value: unknown }>();
  #token: string | undefined;

  constructor(changeToken: () => string | undefined, capacity = 4096) {
    this.#changeToken = changeToken;
    this.#capacity = capacity;
  }

  /** The value kept under `key`, or what `load` reads (then kept). Keys name the kind of value too. */
  async get<V>(key: string, load: () => Promise<V>): Promise<V> {
    const token = this.#changeToken();
    if (token === undefined) return load();
    if (token !== this.#token) {
      this.#values.clear();
      this.#token = token;
    }
    const kept = this.#values.get(key);
    if (kept !== undefined) return kept.value as V;
    const value = await load();
    if (typeof value === 'object' && value !== null) Object.freeze(value);
    // Kept only if nothing was committed meanwhile, else it may be older than the new token.
    if (this.#changeToken() === token) {
      if (this.#values.size >= this.#capacity) this.#values.delete(this.#values.keys().next().value!);
      this.#values.set(key, { value });
    }
    return value;
  }
}
