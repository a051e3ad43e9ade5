import type { Key } from "./keys";

/** Attributes that only the store uses; they never reach the domain. */
const STORE_ATTRIBUTES = new Set(["pk", "sk", "itemType", "expiresAt"]);

export function toItem<T extends object>(key: Key, itemType: string, entity: T): Record<string, unknown> {
  return { ...entity, ...key, itemType };
}

export function fromItem<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!STORE_ATTRIBUTES.has(name) && !name.startsWith("gsi")) entity[name] = value;
  }
  return entity as T;
}

/** DynamoDB Local never expires items: an item past its TTL is treated as absent on every read. */
export function isExpired(item: Record<string, unknown>, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  return typeof item.expiresAt === "number" && item.expiresAt <= nowSeconds;
}
