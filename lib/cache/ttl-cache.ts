/**
 * A per-instance read-through cache whose entries live `ttlMs` at most, so a
 * change written elsewhere reaches this instance within that bound. Bounded
 * in size: the oldest entry goes first.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const read = await this.read(key, load);
    read.keep();
    return read.value;
  }

  /**
   * The cached value, or a fresh load that is cached only once `keep` is
   * called: for reads made on behalf of a token whose signature is still being
   * checked, so a forged token never fills (or floods) the cache.
   */
  async read(key: string, load: () => Promise<V>): Promise<CacheRead<V>> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return { value: hit.value, keep: () => {} };
    const value = await load();
    return { value, keep: () => this.put(key, value, now + this.ttlMs) };
  }

  /** The value cached under `key`, if any: to decide, without waiting, whether a read is worth asking for. */
  peek(key: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && hit.until > Date.now() ? hit.value : undefined;
  }

  /** Drops an entry after a change this instance made, so it sees the change at once. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  private put(key: string, value: V, until: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until });
  }
}

/** A value from a TtlCache: `keep` caches it when it was loaded (its life counted from before the load). */
export interface CacheRead<V> {
  value: V;
  keep(): void;
}
