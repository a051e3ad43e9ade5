import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";

/** What the reads behind one list page cost: the figures the capacity benchmark reports. */
export interface ReadCost {
  requests: number;
  /** Items DynamoDB read (ScannedCount), whether or not they were kept. */
  itemsRead: number;
  /** Read capacity units, where DynamoDB reports them. */
  capacityUnits: number;
}

export const noReadCost = (): ReadCost => ({ requests: 0, itemsRead: 0, capacityUnits: 0 });

export function addReadCost(
  cost: ReadCost | undefined,
  page: { ScannedCount?: number; ConsumedCapacity?: ConsumedCapacity },
): void {
  if (!cost) return;
  cost.requests += 1;
  cost.itemsRead += page.ScannedCount ?? 0;
  cost.capacityUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
}
