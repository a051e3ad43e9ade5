/**
 * Counts what each request costs DynamoDB: every command the document client
 * sends is asked for its consumed capacity (DynamoDB Local reports it), and
 * the items it reads and writes are counted, split into search index items
 * and the rest.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface Cost {
  calls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  itemsRead: number;
  itemsWritten: number;
  /** Items written that belong to the search index, and their share of writeUnits (estimated per item). */
  indexItemsWritten: number;
  indexWriteUnits: number;
}

export const emptyCost = (): Cost => ({
  calls: {},
  readUnits: 0,
  writeUnits: 0,
  itemsRead: 0,
  itemsWritten: 0,
  indexItemsWritten: 0,
  indexWriteUnits: 0,
});

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

type Item = Record<string, unknown>;
type WriteRequest = { Put?: { Item: Item }; Update?: unknown; Delete?: unknown };

/** The fields of a document client command and its output that the meter reads. */
interface CommandInput {
  ReturnConsumedCapacity?: string;
  TransactItems?: WriteRequest[];
  RequestItems?: Record<string, { PutRequest?: { Item: Item } }[]>;
}
interface CommandOutput {
  ConsumedCapacity?: Capacity | Capacity[];
  Item?: Item;
  Count?: number;
  ScannedCount?: number;
  Responses?: Record<string, Item[]> | Item[];
}
type Command = { constructor: { name: string }; input: CommandInput };

const READS = new Set(["GetCommand", "QueryCommand", "ScanCommand", "BatchGetCommand", "TransactGetCommand"]);

/**
 * A search index item: the store marks them with an itemType naming the index
 * (see lib/store/client-index.ts); anything else a write touches is counted
 * as the client's own.
 */
export const isIndexItem = (item: Item | undefined): boolean =>
  typeof item?.itemType === "string" && /search|token|index/i.test(item.itemType);

/** Write units of one item in a transaction: 2 per started KB (DynamoDB's pricing of transactional writes). */
function transactionalWriteUnits(item: Item): number {
  return 2 * Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024));
}

/** Wraps `client.send` so that every call adds to `current()` (when it returns a cost to add to). */
export function meterCapacity(client: DynamoDBDocumentClient, current: () => Cost | undefined): () => void {
  const real = client.send.bind(client) as (command: Command) => Promise<CommandOutput>;
  const metered = async (command: Command) => {
    const cost = current();
    if (!cost) return real(command);
    command.input.ReturnConsumedCapacity = "TOTAL";
    const output = await real(command);
    const name = command.constructor.name;
    cost.calls[name] = (cost.calls[name] ?? 0) + 1;
    const consumed: Capacity[] = [output.ConsumedCapacity ?? []].flat();
    for (const c of consumed) {
      const total = c.CapacityUnits ?? 0;
      if (READS.has(name)) cost.readUnits += c.ReadCapacityUnits ?? total;
      else cost.writeUnits += c.WriteCapacityUnits ?? total;
    }
    countItems(name, command.input, output, cost);
    return output;
  };
  (client as unknown as { send: typeof metered }).send = metered;
  return () => {
    (client as unknown as { send: typeof real }).send = real;
  };
}

function countItems(name: string, input: CommandInput, output: CommandOutput, cost: Cost): void {
  switch (name) {
    case "GetCommand":
      cost.itemsRead += output.Item ? 1 : 0;
      return;
    case "QueryCommand":
    case "ScanCommand":
      cost.itemsRead += output.ScannedCount ?? output.Count ?? 0;
      return;
    case "BatchGetCommand":
    case "TransactGetCommand":
      cost.itemsRead += Object.values(output.Responses ?? {}).flat().length;
      return;
    case "TransactWriteCommand":
      for (const request of input.TransactItems ?? []) countWrite(request, cost);
      return;
    case "BatchWriteCommand":
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const r of requests) countWrite({ Put: r.PutRequest }, cost);
      }
      return;
    case "PutCommand":
    case "UpdateCommand":
    case "DeleteCommand":
      cost.itemsWritten += 1;
      return;
  }
}

function countWrite(request: WriteRequest, cost: Cost): void {
  if (!request.Put && !request.Update && !request.Delete) return; // a ConditionCheck writes nothing
  cost.itemsWritten += 1;
  if (request.Put && isIndexItem(request.Put.Item)) {
    cost.indexItemsWritten += 1;
    cost.indexWriteUnits += transactionalWriteUnits(request.Put.Item);
  }
}
