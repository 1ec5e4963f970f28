import type { ChangeCache } from '../store/changeCache.ts';
import type { ApiServices } from './services.ts';

/**
 * A directory read — an access key, an application, its numbers, skill groups or IVRs — through
 * the services' cache when they have one (see ChangeCache: a key disabled by `admin key disable`
 * stops working from the first request after that commit, or within a millisecond of it when the
 * command ran in another process). `key` names the kind of value and its identity, e.g.
 * `app:1400000000:acme`.
 */
export function directoryRead<V>(services: ApiServices, key: string, load: () => Promise<V>): Promise<V> {
  const cache: ChangeCache | undefined = services.directory;
  return cache ? cache.get(key, load) : load();
}
