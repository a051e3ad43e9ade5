import { matchesStreamPattern, type StreamPattern, type StreamRecordLike } from "../store/stream-pattern";

/**
 * Which stream records the import worker wants: chunks written (or written
 * again) as pending. The worker's own claim sets them running, so it never
 * re-invokes itself. The CDK event source mapping and the local stream poller both apply it.
 */
export const IMPORT_CHUNK_STREAM_FILTER = {
  eventName: ["INSERT", "MODIFY"],
  dynamodb: { NewImage: { itemType: { S: ["import-chunk"] }, status: { S: ["pending"] } } },
} as const satisfies StreamPattern;

/**
 * One chunk per invocation: a chunk takes seconds, so the function's timeout
 * is never near, and a failed chunk is retried alone. The CDK event source
 * mapping and the local stream poller both use it.
 */
export const IMPORT_CHUNK_BATCH_SIZE = 1;

export const matchesImportChunkFilter = (record: StreamRecordLike): boolean =>
  matchesStreamPattern(IMPORT_CHUNK_STREAM_FILTER, record);

/** The chunk a matching record names. */
export function chunkRefOf(record: StreamRecordLike): { companyId: string; importId: string; index: number } {
  const image = record.dynamodb!.NewImage!;
  return { companyId: image.companyId!.S!, importId: image.importId!.S!, index: Number(image.index!.N) };
}
