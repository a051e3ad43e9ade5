/**
 * Bundle benchmark: every Lambda entry built with the CDK app's esbuild
 * options (infra/bundling.ts), the size of its cold path (index.mjs and the
 * chunks it imports statically: infra/chunks.ts) and of all it can load, and
 * its cold import time in a fresh Node process, beside a naive and a floor
 * reference built the same way.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { esbuildOptionsFor, type LambdaEntry, lambdaEntry } from "../infra/bundling";
import { coldPathOf } from "../infra/chunks";
import { type AnswerSample, COMMON_REQUESTS, FIRST_ANSWER_SAMPLES, withFirstAnswerStack } from "./first-answer";
import { machine, median, PROJECT_ROOT, printMachine, printTable, round, writeResult } from "./report";

const IMPORT_SAMPLES = 10;
const SIZE_GOAL = 0.6;
const IMPORT_GOAL = 0.7;
/** First answer of every API function within this factor of the floor's. */
const FIRST_ANSWER_GOAL = 1.5;
/** Inside the project, so that packages a bundle leaves external resolve from node_modules as Lambda would find them. */
const OUT_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "clientele-bench", "bundles");

interface Built {
  name: string;
  file: string;
  /** Bytes of the cold path: index.mjs and the chunks it imports statically, what a cold import parses. */
  bytes: number;
  /** Bytes of all the JavaScript the function can load, the chunks loaded on demand included. */
  allBytes: number;
  /** Bytes on the cold path per package (or per lib/ folder for our own code), largest first. */
  composition: { source: string; bytes: number }[];
}

/** functions/*.ts except the local server's aggregate of all handlers. */
function functionEntries(): LambdaEntry[] {
  return readdirSync(join(PROJECT_ROOT, "functions"))
    .filter((file) => file.endsWith(".ts") && file !== "local.ts")
    .map((file) => lambdaEntry(file.slice(0, -".ts".length)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A reference; `sdkCredentialChain` builds it without infra/bundling.ts's aliases, as a bundle from elsewhere would be. */
type Reference = LambdaEntry & { sdkCredentialChain?: true };

/**
 * The naive and floor references, built with the functions' own options (the credential alias included, so
 * the goals compare like with like), and once more with the SDK's whole credential chain, for comparison
 * with a naive bundle built outside this project.
 */
const REFERENCES: Reference[] = [
  { name: "(naive)", entry: "bench/references/naive.ts", nodeModules: [], pages: [] },
  { name: "(floor)", entry: "bench/references/floor.ts", nodeModules: [], pages: [] },
  {
    name: "(naive, SDK credential chain)",
    entry: "bench/references/naive.ts",
    nodeModules: [],
    pages: [],
    sdkCredentialChain: true,
  },
  {
    name: "(floor, SDK credential chain)",
    entry: "bench/references/floor.ts",
    nodeModules: [],
    pages: [],
    sdkCredentialChain: true,
  },
];

async function bundle(entry: Reference): Promise<Built> {
  const outdir = join(OUT_DIR, entry.name.replace(/[(),]/g, "").replace(/ /g, "-"));
  rmSync(outdir, { recursive: true, force: true });
  const options = esbuildOptionsFor(entry, outdir);
  if (entry.sdkCredentialChain) options.alias = {};
  // metafile only reports what went in; it does not change the output.
  const result = await build({ ...options, metafile: true });
  const file = join(outdir, "index.mjs");
  const cold = coldPathOf(result.metafile!);
  return {
    name: entry.name,
    file,
    bytes: cold.bytes,
    allBytes: cold.allBytes,
    composition: composition(result.metafile!, cold.files),
  };
}

function composition(metafile: Metafile, files: string[]): Built["composition"] {
  const bySource = new Map<string, number>();
  for (const file of files) {
    for (const [path, { bytesInOutput }] of Object.entries(metafile.outputs[file]!.inputs)) {
      const source = sourceOf(path);
      bySource.set(source, (bySource.get(source) ?? 0) + bytesInOutput);
    }
  }
  return [...bySource].map(([source, bytes]) => ({ source, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** `node_modules/@aws-sdk/client-ses/dist-es/x.js` → `@aws-sdk/client-ses`; `lib/store/keys.ts` → `lib/store`. */
function sourceOf(path: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inPackage) return inPackage[1]!;
  const parts = path.split("/");
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

interface ImportTime {
  wallMs: number;
  /** CPU time of the import (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
}

/** The time from `import()` to its resolution, in a fresh Node process with a Lambda-like environment. */
function coldImport(file: string): ImportTime {
  const script = [
    "const cpu=process.cpuUsage(),t=performance.now();",
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    "const wall=performance.now()-t,used=process.cpuUsage(cpu);",
    "process.stdout.write(JSON.stringify({wallMs:wall,cpuMs:(used.user+used.system)/1000}));",
  ].join("");
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      AWS_REGION: "us-east-1",
      NODE_OPTIONS: "",
    },
  });
  if (child.status !== 0) throw new Error(`importing ${file} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as ImportTime;
}

export async function runBundleBench() {
  const info = machine();
  printMachine(info);
  const entries = [...REFERENCES, ...functionEntries()];
  console.log(`Building ${entries.length} bundles with infra/bundling.ts's esbuild options ...`);
  const built = await Promise.all(entries.map(bundle));

  const samples = new Map<string, ImportTime[]>(built.map((b) => [b.name, []]));
  for (let round = 1; round <= IMPORT_SAMPLES; round++) {
    process.stdout.write(`\rCold imports: round ${round}/${IMPORT_SAMPLES}`);
    // Round-robin, so that a busy moment on the machine spreads over every bundle instead of hitting one.
    for (const b of built) samples.get(b.name)!.push(coldImport(b.file));
  }
  process.stdout.write("\n");

  const { samples: answers, pairedRatios } = await measureFirstAnswers(built);

  const measured = built.map((b) => {
    const times = samples.get(b.name)!;
    return {
      ...b,
      importMs: median(times.map((t) => t.wallMs)),
      cpuMs: median(times.map((t) => t.cpuMs)),
      samplesMs: times.map((t) => round(t.wallMs)),
    };
  });
  const naive = measured.find((m) => m.name === "(naive)")!;
  const floorAnswer = median(answers.get("(floor)")!.map((a) => a.ms));
  const rows = measured.map((m) => {
    const sizeRatio = m.bytes / naive.bytes;
    const importRatio = m.importMs / naive.importMs;
    const isReference = m.name.startsWith("(");
    const answerSamples = answers.get(m.name);
    const firstAnswerMs = answerSamples ? median(answerSamples.map((a) => a.ms)) : null;
    const firstAnswerRatio = firstAnswerMs === null ? null : firstAnswerMs / floorAnswer;
    const paired = pairedRatios.get(m.name);
    const isApi = m.name in COMMON_REQUESTS;
    return {
      name: m.name,
      kind: isReference ? "reference" : "function",
      bytes: m.bytes,
      kib: round(m.bytes / 1024),
      allKib: round(m.allBytes / 1024),
      importMsMedian: round(m.importMs),
      importMsSamples: m.samplesMs,
      importCpuMsMedian: round(m.cpuMs),
      sizeRatio: round(sizeRatio, 2),
      importRatio: round(importRatio, 2),
      firstAnswerMsMedian: firstAnswerMs === null ? null : round(firstAnswerMs),
      firstAnswerMsSamples: answerSamples?.map((a) => round(a.ms)) ?? null,
      firstAnswerTrace: answerSamples ? traceOf(answerSamples) : null,
      firstAnswerRatio: firstAnswerRatio === null ? null : round(firstAnswerRatio, 2),
      firstAnswerPairedRatio: paired ? round(median(paired), 2) : null,
      firstAnswerRequest: isApi
        ? `${COMMON_REQUESTS[m.name]!.method} ${COMMON_REQUESTS[m.name]!.path({ clientId: "{clientId}", username: "{username}" })}`
        : null,
      meetsGoal: isReference
        ? null
        : sizeRatio <= SIZE_GOAL &&
          importRatio <= IMPORT_GOAL &&
          (!isApi || (firstAnswerRatio !== null && firstAnswerRatio <= FIRST_ANSWER_GOAL)),
      largestSources: m.composition.slice(0, 12).map((c) => ({ ...c, kib: round(c.bytes / 1024) })),
    };
  });

  printTable(
    [
      "bundle",
      "cold path KiB",
      "size × naive",
      "all chunks KiB",
      "cold import ms",
      "import × naive",
      "import CPU ms",
      "first answer ms",
      "first answer × floor",
      "× floor, paired",
      "goal",
    ],
    rows.map((r) => [
      r.name,
      r.kib,
      r.sizeRatio,
      r.allKib,
      r.importMsMedian,
      r.importRatio,
      r.importCpuMsMedian,
      r.firstAnswerMsMedian ?? "",
      r.firstAnswerRatio ?? "",
      r.firstAnswerPairedRatio ?? "",
      r.meetsGoal === null ? "" : r.meetsGoal ? "met" : "MISSED",
    ]),
  );
  const file = writeResult("bundles", {
    machine: info,
    settings: {
      esbuild: "infra/bundling.ts esbuildOptionsFor (the CDK app's options, split into chunks); AWS SDK bundled",
      size: "cold path: index.mjs and the chunks it imports statically (infra/chunks.ts); allKib: every chunk it can load",
      importSamples: IMPORT_SAMPLES,
      firstAnswerSamples: FIRST_ANSWER_SAMPLES,
      firstAnswerPaired:
        "the floor also answers right before each API function's sample; paired ratio = median of (function / that floor sample); the floor's median is over all its samples",
      firstAnswer:
        "bench/first-answer.ts: process start to the answer of the function's most common request on the local stack, the pools' keys in its environment (CLIENTELE_POOL_KEYS)",
      goals: { sizeRatio: SIZE_GOAL, importRatio: IMPORT_GOAL, firstAnswerRatio: FIRST_ANSWER_GOAL },
      references: {
        naive: "bench/references/naive.ts: middy, zod and the four AWS SDK packages imported whole",
        floor: "bench/references/floor.ts: DynamoDB client + document client sending one command",
      },
    },
    bundles: rows,
  });
  console.log(`Wrote ${file}`);
  return rows;
}

/**
 * Where the median sample's time went: the end of the bundle's import, then each call to the local stack
 * (milliseconds from the process start), so a reader sees the import and the round trips apart.
 */
function traceOf(samples: AnswerSample[]) {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  const sample = sorted[Math.floor(sorted.length / 2)]!;
  return {
    answeredMs: round(sample.ms),
    importedMs: round(sample.importedMs),
    calls: sample.calls.map((c) => `${c.target} ${round(c.startMs)}–${round(c.endMs)}`),
  };
}

interface FirstAnswers {
  samples: Map<string, AnswerSample[]>;
  /** Per function: each sample's time over the floor's sample taken just before it. */
  pairedRatios: Map<string, number[]>;
}

/**
 * First answers of the floor and every API function, FIRST_ANSWER_SAMPLES each, round-robin. The floor also
 * answers right before each function's sample, so that each function has a floor sample of the same moment
 * (the paired ratio), and the floor's median rests on many samples.
 */
async function measureFirstAnswers(built: Built[]): Promise<FirstAnswers> {
  const floor = built.find((b) => b.name === "(floor)")!;
  return withFirstAnswerStack(async (run) => {
    const samples = new Map<string, AnswerSample[]>();
    const pairedRatios = new Map<string, number[]>();
    const note = <T>(map: Map<string, T[]>, name: string, value: T) => map.set(name, [...(map.get(name) ?? []), value]);
    const answer = (b: Built) => {
      const sample = b.name.startsWith("(floor") ? run.floor(b.file) : run.function(b.name, b.file);
      if (sample && sample.status >= 500) throw new Error(`${b.name} answered ${sample.status} to its first request`);
      if (sample) note(samples, b.name, sample);
      return sample;
    };
    for (let round = 1; round <= FIRST_ANSWER_SAMPLES; round++) {
      process.stdout.write(`\rFirst answers: round ${round}/${FIRST_ANSWER_SAMPLES}`);
      for (const b of built) {
        if (b.name.startsWith("(") && !b.name.startsWith("(floor")) continue;
        if (b.name.startsWith("(") || !(b.name in COMMON_REQUESTS)) {
          answer(b);
          continue;
        }
        const before = answer(floor)!;
        const sample = answer(b);
        if (sample) note(pairedRatios, b.name, sample.ms / before.ms);
      }
    }
    process.stdout.write("\n");
    return { samples, pairedRatios };
  });
}
