import { Console } from "node:console";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * Every password, token and encrypted custom value the tests use is written
 * down here (one file per worker process, in the run's data folder), and
 * after the whole run the global teardown looks for each of them in every
 * table item, log line and email (test/helpers/secrets-scan.ts). Test files
 * run in parallel workers, so the list lives on disk, not in memory.
 *
 * TestApi watches what passes through it by itself: passwords sent, tokens
 * and generated passwords received, values sent for encrypted custom fields.
 * Call `watchSecret` for a secret that reaches the product another way.
 */

/** Shorter values turn up by chance (a checkbox's `true`, a two-letter code): they are not searched for. */
export const SHORTEST_WATCHED = 8;

const runDir = (name: string) => {
  const base = process.env.CLIENTELE_TEST_DATA_DIR;
  if (!base) throw new Error("CLIENTELE_TEST_DATA_DIR is not set: run the tests through jest (global setup)");
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

export function watchSecret(...values: unknown[]): void {
  const lines = values
    .filter((value): value is string => typeof value === "string" && value.length >= SHORTEST_WATCHED)
    .map((value) => `${JSON.stringify(value)}\n`);
  if (lines.length > 0) appendFileSync(join(runDir("watched-secrets"), `${process.pid}.jsonl`), lines.join(""));
}

/** A JWT, and its signature alone: a copy cut short would still give the signature away. */
export function watchToken(token: unknown): void {
  if (typeof token !== "string") return;
  watchSecret(token, token.split(".")[2]);
}

export function watchedSecrets(): string[] {
  const dir = runDir("watched-secrets");
  const values = new Set<string>();
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) if (line) values.add(JSON.parse(line));
  }
  return [...values];
}

/**
 * Sends the product's log lines (the Powertools logger, at the level the run
 * sets: DEBUG) to a file per worker instead of stdout, as a Lambda's would go
 * to CloudWatch, so the teardown can read every one of them.
 */
export function captureLogs(logger: Logger | Metrics): void {
  const file = logFile();
  // Written at once (not buffered), so nothing is lost when the worker exits.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      appendFileSync(file, chunk);
      done();
    },
  });
  // The logger's console is private: the one seam to its output short of patching process.stdout.
  (logger as unknown as { console: Console }).console = new Console({ stdout: sink, stderr: sink });
}

/** This worker's log file. */
export const logFile = () => join(runDir("logs"), `${process.pid}.log`);

/** Every log line written in this run, by file. */
export function loggedLines(): Record<string, string> {
  const dir = runDir("logs");
  return Object.fromEntries(
    readdirSync(dir).map((file) => [`log ${file}`, readFileSync(join(dir, file), "utf8")] as const),
  );
}

export const logsOfThisWorker = () => (existsSync(logFile()) ? readFileSync(logFile(), "utf8") : "");

/**
 * Where each secret occurs: `<where>: <first characters>…`. Linear in the
 * text whatever the number of secrets (thousands of tokens over a run): a
 * rolling hash of the last few characters is looked up at each position, and
 * only a hit is compared in full. A value is also looked for JSON-escaped, as
 * a table dump holds it.
 */
export function findLeaks(secrets: readonly string[], places: Record<string, string>): string[] {
  const width = SHORTEST_WATCHED;
  const byHash = new Map<number, string[]>();
  // A bit per hash bucket (32 KiB, so it stays in the CPU cache), checked before the map: most positions stop here.
  const maybe = new Uint32Array((MASK + 1) / 32);
  for (const secret of secrets.filter((value) => value.length >= width)) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      const key = hashOf(form, 0, width);
      byHash.set(key, [...(byHash.get(key) ?? []), form]);
      maybe[(key & MASK) >>> 5]! |= 1 << (key & 31);
    }
  }
  // The weight of the character leaving the window: BASE^(width - 1), modulo 2^32.
  let outgoing = 1;
  for (let i = 1; i < width; i++) outgoing = Math.imul(outgoing, BASE);
  const found: string[] = [];
  for (const [where, text] of Object.entries(places)) {
    if (text.length < width) continue;
    const seen = new Set<string>();
    let hash = hashOf(text, 0, width);
    for (let i = 0; ; i++) {
      const candidates = maybe[(hash & MASK) >>> 5]! & (1 << (hash & 31)) ? byHash.get(hash) : undefined;
      if (candidates) {
        for (const form of candidates) {
          if (!seen.has(form) && text.startsWith(form, i)) {
            seen.add(form);
            found.push(`${where}: ${form.slice(0, 12)}…`);
          }
        }
      }
      if (i + width >= text.length) break;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(i), outgoing), BASE) + text.charCodeAt(i + width)) | 0;
    }
  }
  return found;
}

const BASE = 257;
const MASK = (1 << 18) - 1;

function hashOf(text: string, from: number, width: number): number {
  let hash = 0;
  for (let i = from; i < from + width; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}
