/**
 * A value built on its first use and kept: for zod schemas, whose construction
 * costs a cold start about 10 µs each (a client function's modules hold
 * thousands) while most requests parse none of them. The same instance every
 * time, so the OpenAPI document names it once.
 */
export function onFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
