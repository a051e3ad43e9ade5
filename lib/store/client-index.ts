import type { Client } from "../domain/client";
import type { TransactItem } from "./transact";

/**
 * The browse and search index entries of a client, kept in the same
 * transaction as every client write: given the client before and after a
 * write (null for none), the puts and deletes that bring the index along.
 */
export function indexWrites(_companyId: string, _before: Client | null, _after: Client | null): TransactItem[] {
  return [];
}
