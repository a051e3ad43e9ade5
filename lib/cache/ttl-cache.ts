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
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: now + this.ttlMs });
    return value;
  }

  /** Drops an entry after a change this instance made, so it sees the change at once. */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
