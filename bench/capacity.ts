/**
 * Counts what each request costs DynamoDB: every command the document client
 * sends asks for its consumed capacity (DynamoDB Local reports it, table and
 * GSIs apart), and the items it reads and writes are counted, the writes
 * split into the client's own items, browse entries (with the marketing
 * audience) and search index entries, each with the write units DynamoDB
 * would charge for it.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export type WriteKind = "client" | "browse" | "search";

export interface Cost {
  calls: Record<string, number>;
  /** As DynamoDB Local reports it (ReturnConsumedCapacity INDEXES). */
  reported: { readUnits: number; writeUnits: number; tableWriteUnits: number; gsiWriteUnits: number };
  itemsRead: number;
  itemsWritten: Record<WriteKind, number>;
  /**
   * Write units by DynamoDB's pricing rules, per item: 1 per started KB, twice
   * that inside a transaction. Table writes only: GSI writes come on top
   * (see `reported.gsiWriteUnits`).
   */
  estimatedWriteUnits: Record<WriteKind, number>;
}

export const emptyCost = (): Cost => ({
  calls: {},
  reported: { readUnits: 0, writeUnits: 0, tableWriteUnits: 0, gsiWriteUnits: 0 },
  itemsRead: 0,
  itemsWritten: { client: 0, browse: 0, search: 0 },
  estimatedWriteUnits: { client: 0, browse: 0, search: 0 },
});

type Item = Record<string, unknown>;
type WriteRequest = {
  Put?: { Item: Item };
  Update?: { Key: Item };
  Delete?: { Key: Item };
  ConditionCheck?: unknown;
};
interface Capacity {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** The fields of a document client command and its output that the meter reads. */
interface CommandInput {
  ReturnConsumedCapacity?: string;
  Item?: Item;
  Key?: Item;
  TransactItems?: WriteRequest[];
  RequestItems?: Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>;
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

/** Which index an item belongs to, by its key (lib/store/keys.ts): search tokens, browse entries and the audience. */
export function kindOf(key: Item): WriteKind {
  const pk = String(key.pk);
  if (pk.includes("#TOKEN#")) return "search";
  if (String(key.sk).startsWith("BROWSE#") || pk.endsWith("#MARKETING")) return "browse";
  return "client";
}

const sizeUnits = (item: Item) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024));

/** Wraps `client.send` so that every call adds to `current()` (when it returns a cost to add to). */
export function meterCapacity(client: DynamoDBDocumentClient, current: () => Cost | undefined): () => void {
  const real = client.send.bind(client) as unknown as (command: Command) => Promise<CommandOutput>;
  const metered = async (command: Command) => {
    const cost = current();
    if (!cost) return real(command);
    command.input.ReturnConsumedCapacity = "INDEXES";
    const output = await real(command);
    const name = command.constructor.name;
    cost.calls[name] = (cost.calls[name] ?? 0) + 1;
    for (const c of [output.ConsumedCapacity ?? []].flat()) {
      if (READS.has(name)) {
        cost.reported.readUnits += c.CapacityUnits ?? 0;
        continue;
      }
      const gsi = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((sum, i) => sum + (i.CapacityUnits ?? 0), 0);
      cost.reported.writeUnits += c.CapacityUnits ?? 0;
      cost.reported.tableWriteUnits += c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - gsi;
      cost.reported.gsiWriteUnits += gsi;
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
      for (const request of input.TransactItems ?? []) {
        const written = request.Put?.Item ?? request.Update?.Key ?? request.Delete?.Key;
        if (written) countWrite(written, request.Put?.Item, 2, cost);
      }
      return;
    case "BatchWriteCommand":
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const r of requests) {
          const written = r.PutRequest?.Item ?? r.DeleteRequest?.Key;
          if (written) countWrite(written, r.PutRequest?.Item, 1, cost);
        }
      }
      return;
    case "PutCommand":
    case "UpdateCommand":
    case "DeleteCommand": {
      const written = input.Item ?? input.Key;
      if (written) countWrite(written, input.Item, 1, cost);
      return;
    }
  }
}

/** A write of one item; its size is known for a Put, and counted as one KB otherwise. */
function countWrite(key: Item, item: Item | undefined, factor: number, cost: Cost): void {
  const kind = kindOf(key);
  cost.itemsWritten[kind] += 1;
  cost.estimatedWriteUnits[kind] += factor * (item ? sizeUnits(item) : 1);
}
