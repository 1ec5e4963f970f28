/**
 * Bindings in this process's memory: a dialer without a database, and tests. A restarted dialer
 * waits for the phones' next refresh, as any registrar without a database does.
 */
import {
  type Binding,
  byFreshness,
  isOutOfOrder,
  type RegisterOrder,
  type RegistrationStore,
} from './registrationStore.ts';

export class MemoryRegistrationStore implements RegistrationStore {
  private readonly bindings = new Map<string, Map<string, Binding>>();

  async liveBindings(username: string, now: number): Promise<Binding[]> {
    const map = this.bindings.get(username);
    if (!map) return [];
    this.dropExpired(username, map, now);
    return [...map.values()].sort(byFreshness);
  }

  async save(username: string, binding: Binding, now: number): Promise<void> {
    const map = this.bindings.get(username) ?? new Map<string, Binding>();
    const stored = map.get(binding.contact);
    if (stored && isOutOfOrder(stored, binding, now)) return;
    map.set(binding.contact, binding);
    this.bindings.set(username, map);
    this.dropExpired(username, map, now);
  }

  // Removals keep an expired binding of a later REGISTER too: removing it would change nothing seen.
  async remove(username: string, contact: string, order: RegisterOrder): Promise<void> {
    const map = this.bindings.get(username);
    const stored = map?.get(contact);
    if (!map || !stored || isOutOfOrder(stored, order, -Infinity)) return;
    map.delete(contact);
    if (map.size === 0) this.bindings.delete(username);
  }

  async removeAll(username: string, order: RegisterOrder): Promise<void> {
    const map = this.bindings.get(username);
    if (!map) return;
    for (const [contact, stored] of map) if (!isOutOfOrder(stored, order, -Infinity)) map.delete(contact);
    if (map.size === 0) this.bindings.delete(username);
  }

  private dropExpired(username: string, map: Map<string, Binding>, now: number): void {
    for (const [contact, binding] of map) if (binding.expiresAt <= now) map.delete(contact);
    if (map.size === 0) this.bindings.delete(username);
  }
}
