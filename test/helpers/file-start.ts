import { type StreamCheckpoint, streamCheckpoint } from "../../lib/local/stream-poller";

let fileStart: Promise<StreamCheckpoint> | undefined;

/** Marks where the table's stream stood as this test file began (setup-each-file.ts). */
export function markFileStart(): Promise<StreamCheckpoint> {
  fileStart = streamCheckpoint();
  return fileStart;
}

/**
 * Where the stream stood as this file began. A file's workers start there: what the file wrote
 * before starting one is still delivered, as by the mapping's TRIM_HORIZON, but the records of
 * every file that ran before it (tens of thousands late in a run) are not read first.
 */
export function streamAtFileStart(): Promise<StreamCheckpoint> {
  if (!fileStart) throw new Error("streamAtFileStart: no file start marked; is setup-each-file.ts a setup file?");
  return fileStart;
}
