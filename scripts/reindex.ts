import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localSettings } from "../lib/local/settings";
import { type ReindexCheckpoint, reindex } from "../lib/store/indexing/reindex";
import { pointAtLocalStack } from "./local-stack-env";

/**
 * `npm run reindex`: rebuilds every client's browse, search and audience
 * entries (lib/store/indexing/reindex.ts). Against the local stack while
 * `npm start` runs, or against a deployed table with CLIENTELE_TABLE_NAME and
 * AWS credentials set. Stopped or failed, it resumes from its checkpoint file
 * (CLIENTELE_REINDEX_CHECKPOINT, default .data/reindex-checkpoint.json). CLIENTELE_REINDEX_COMPANY limits
 * it to one company.
 */
if (!process.env.CLIENTELE_TABLE_NAME) pointAtLocalStack();
const checkpointFile =
  process.env.CLIENTELE_REINDEX_CHECKPOINT ?? join(localSettings().dataDir, "reindex-checkpoint.json");
const resumed = existsSync(checkpointFile)
  ? (JSON.parse(readFileSync(checkpointFile, "utf8")) as ReindexCheckpoint)
  : undefined;
if (resumed) console.log(`Resuming from ${checkpointFile} (${resumed.phase}, ${resumed.clients} clients so far).`);

const company = process.env.CLIENTELE_REINDEX_COMPANY || undefined;
if (company) console.log(`Only company ${company}.`);
const started = Date.now();
const done = await reindex(
  resumed,
  (checkpoint) => {
    writeFileSync(checkpointFile, JSON.stringify(checkpoint));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${checkpoint.phase === "done" ? "done" : checkpoint.phase.padEnd(7)}  ${checkpoint.clients} clients, ` +
        `${checkpoint.written} entries written, ${checkpoint.deleted} stale entries deleted  (${seconds} s)`,
    );
  },
  company,
);
rmSync(checkpointFile, { force: true });
console.log(`Reindexed ${done.clients} clients: ${done.written} entries written, ${done.deleted} deleted.`);
