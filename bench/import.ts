/**
 * `npm run bench:import`: a generated file of BENCH_IMPORT_ROWS rows (10,000
 * by default; about 5% invalid, 5% duplicates) through the dry run and the
 * import on the local stack, then the export of the imported clients.
 * Results in bench/results/import.json.
 */
import { loadavg } from "node:os";
import { handler as importer } from "../functions/importer";
import { IMPORT_CHUNK_BATCH_SIZE, matchesImportChunkFilter } from "../lib/imports/stream-filter";
import { startStreamPoller } from "../lib/local/stream-poller";
import { db } from "../lib/store/client";
import { emptyCost, meterCapacity } from "./capacity";
import { startBenchApi } from "./local-api";
import { machine, printMachine, printTable, round, writeResult } from "./report";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const GOAL_SECONDS = 300;

/** Row i of the file: every 20th has a bad email, every 20th (offset 14) repeats the email (so also the username) of a valid earlier row. */
function generatedCsv(rows: number): string {
  const lines = ["firstName,lastName,email,country,phones,company"];
  for (let i = 0; i < rows; i++) {
    const email =
      i % 20 === 7 ? `not-an-email-${i}` : i % 20 === 14 ? `person${i - 3}@bench.example` : `person${i}@bench.example`;
    lines.push(
      `Person${i},Imported${i % 500},${email},GB,phone:work:+44 20 7946 ${String(i % 10000).padStart(4, "0")},Co ${i % 97}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

async function main() {
  const info = machine();
  printMachine(info);
  const api = await startBenchApi("import");
  const poller = await startStreamPoller({
    filter: (r) => matchesImportChunkFilter(r as never),
    handler: importer,
    batchSize: IMPORT_CHUNK_BATCH_SIZE,
  });
  const csv = generatedCsv(ROWS);
  const upload = async (query: string) => {
    const response = await fetch(`${api.base}/v1/imports?${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.token}`, "content-type": "text/csv" },
      body: csv,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  try {
    console.log(`File: ${ROWS} rows, ${(Buffer.byteLength(csv) / 1024).toFixed(0)} KiB`);
    let started = performance.now();
    const dry = await upload("dryRun=true&onDuplicate=skip");
    const dryRunSeconds = (performance.now() - started) / 1000;
    if (dry.status !== 200) throw new Error(`dry run answered ${dry.status}: ${JSON.stringify(dry.body)}`);
    console.log(`Dry run: ${round(dryRunSeconds, 2)} s (${dry.body.valid} valid, ${dry.body.duplicates} duplicates)`);

    const cost = emptyCost();
    const unmeter = meterCapacity(db(), () => cost);
    let peakRss = process.memoryUsage().rss;
    const baseRss = peakRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    // Other work on the machine slows DynamoDB Local: the result says how busy it was.
    const loadBefore = loadavg()[0]!;
    started = performance.now();
    const accepted = await upload("onDuplicate=skip");
    if (accepted.status !== 202)
      throw new Error(`import answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    const uploadSeconds = (performance.now() - started) / 1000;
    console.log(`Upload (rows checked and staged): ${round(uploadSeconds, 2)} s`);
    let job: Record<string, unknown> = {};
    for (;;) {
      const response = await fetch(`${api.base}/v1/imports/${accepted.body.importId}`, {
        headers: { authorization: `Bearer ${api.token}` },
      });
      job = (await response.json()) as Record<string, unknown>;
      const processed = Number(job.created) + Number(job.updated) + Number(job.skipped) + Number(job.failed);
      process.stdout.write(`\rImport: ${job.status}, ${processed}/${job.total} rows`);
      if (job.status === "done" || job.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const importSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    unmeter();
    console.log("");
    const created = Number(job.created);

    started = performance.now();
    const exported = await fetch(`${api.base}/v1/clients/export?format=csv`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    const exportText = await exported.text();
    const exportSeconds = (performance.now() - started) / 1000;

    const result = {
      rows: ROWS,
      fileKiB: round(Buffer.byteLength(csv) / 1024),
      dryRun: { seconds: round(dryRunSeconds, 2), valid: dry.body.valid, duplicates: dry.body.duplicates },
      import: {
        seconds: round(importSeconds, 1),
        uploadSeconds: round(uploadSeconds, 2),
        created,
        skipped: job.skipped,
        failed: job.failed,
        clientsPerSecond: round(created / importSeconds, 1),
        writeUnitsPerClient: round(cost.reported.writeUnits / Math.max(created, 1), 2),
        estimatedTableWriteUnitsPerClient: round(
          Object.values(cost.estimatedWriteUnits).reduce((a, b) => a + b, 0) / Math.max(created, 1),
          2,
        ),
        machineLoad1m: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
        peakRssMiB: round(peakRss / 2 ** 20),
        rssGrowthMiB: round((peakRss - baseRss) / 2 ** 20),
        goal: `${ROWS} rows in under ${GOAL_SECONDS} s: ${importSeconds < GOAL_SECONDS ? "met" : "MISSED"}`,
      },
      export: {
        seconds: round(exportSeconds, 2),
        rows: exportText.trimEnd().split("\n").length - 1,
        KiB: round(Buffer.byteLength(exportText) / 1024),
      },
    };
    printTable(
      ["step", "time", "result"],
      [
        [
          "dry run",
          `${result.dryRun.seconds} s`,
          `${result.dryRun.valid} valid, ${result.dryRun.duplicates} duplicates`,
        ],
        [
          "import",
          `${result.import.seconds} s`,
          `${created} created (${result.import.clientsPerSecond}/s), ${job.skipped} skipped, ${job.failed} failed; ` +
            `${result.import.writeUnitsPerClient} WCU/client reported, peak RSS ${result.import.peakRssMiB} MiB`,
        ],
        ["export", `${result.export.seconds} s`, `${result.export.rows} rows, ${result.export.KiB} KiB`],
      ],
    );
    console.log(result.import.goal);
    console.log(`Wrote ${writeResult("import", { machine: info, ...result })}`);
  } finally {
    await poller.stop();
    await api.stop();
  }
}

await main();
