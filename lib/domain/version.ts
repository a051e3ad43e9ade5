import { StaleVersionError } from "../errors/application-errors";

/** Refuses a change asked for an older version (`If-Match`) than the stored one; undefined asks for none. */
export function assertVersion(expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) {
    throw new StaleVersionError(
      `The resource is at version ${actual}, not ${expected}. Read it again and retry your change.`,
    );
  }
}
