import type { DynamoDBRecord } from "aws-lambda";
import { handler as importer } from "../../functions/importer";
import { IMPORT_CHUNK_BATCH_SIZE, matchesImportChunkFilter } from "../../lib/imports/stream-filter";
import { startStreamPoller } from "../../lib/local/stream-poller";
import { streamAtFileStart } from "./file-start";

/** The import worker as in the cloud, on the table's stream, but only for one company's chunks. */
export async function startImporterFor(companyIds: string[]): Promise<{ stop(): Promise<void> }> {
  return startStreamPoller({
    filter: (record: DynamoDBRecord) =>
      matchesImportChunkFilter(record as never) && companyIds.includes(record.dynamodb?.NewImage?.companyId?.S ?? ""),
    handler: importer,
    batchSize: IMPORT_CHUNK_BATCH_SIZE,
    intervalMs: 100,
    from: await streamAtFileStart(),
    maxAttempts: 20,
  });
}
