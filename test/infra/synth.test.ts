import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as kmsSdk from "@aws-sdk/client-kms";
import { ESM_REQUIRE_SHIM, PROJECT_ROOT, SERVED_PAGES, SWAGGER_UI } from "../../infra/bundling";
import { accessOf, fieldKeyActions } from "../../infra/permissions";
import { pagePath } from "../../lib/pages/build";
import { settleSockets } from "./synth-helpers";

/**
 * `npx cdk synth` exactly as a developer runs it (cdk.json -> infra/app.ts),
 * offline: no context lookups, no credentials, no Docker (esbuild runs
 * locally). It bundles every function and runs cdk-nag, which fails the synth
 * on any unacknowledged finding. The bundles are then loaded by plain Node,
 * outside the repository (so nothing resolves from its node_modules): the
 * public one serves the API reference's files, the signup one the hosted pages'.
 */
const outdir = mkdtempSync(join(tmpdir(), "clientele-synth-"));
const childEnv = {
  ...process.env,
  NODE_OPTIONS: "",
  CDK_DISABLE_VERSION_CHECK: "1",
  CDK_DISABLE_CLI_TELEMETRY: "1",
  AWS_EC2_METADATA_DISABLED: "true",
};
let synth: { status: number | null; stderr: string };
let seconds = 0;

/** Runs a command without blocking this worker's event loop (the emulators' sockets need it). */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  const started = Date.now();
  synth = await run("npx", ["cdk", "synth", "--quiet", "--no-notices", "--output", outdir], {
    cwd: PROJECT_ROOT,
    env: childEnv,
    timeoutMs: 280_000,
  });
  seconds = (Date.now() - started) / 1000;
  console.info(`cdk synth (bundling every function) took ${seconds.toFixed(1)} s`);
}, 300_000);

afterAll(async () => {
  rmSync(outdir, { recursive: true, force: true });
  await settleSockets();
});

interface FunctionAsset {
  logicalId: string;
  /** The function's name in infra/bundling.ts (from its construct path, e.g. Clientele/Functions/PublicFunction). */
  name: string;
  dir: string;
}

function functionAssets(): FunctionAsset[] {
  const template = JSON.parse(readFileSync(join(outdir, "Clientele.template.json"), "utf8"));
  return Object.entries(template.Resources as Record<string, { Type: string; Metadata?: Record<string, string> }>)
    .filter(([, r]) => r.Type === "AWS::Lambda::Function")
    .map(([logicalId, r]) => {
      const path = r.Metadata!["aws:cdk:path"]!;
      const name = /\/Functions\/([\w-]+)Function\//.exec(path)![1]!;
      return {
        logicalId,
        name: name.charAt(0).toLowerCase() + name.slice(1),
        dir: join(outdir, r.Metadata!["aws:asset:path"]!),
      };
    });
}

/** The JavaScript files of an asset: `index.mjs` and the chunks it and they import, statically or on demand. */
function scriptsOf(dir: string): string[] {
  const chunks = existsSync(join(dir, "chunks"))
    ? readdirSync(join(dir, "chunks")).map((file) => `chunks/${file}`)
    : [];
  return ["index.mjs", ...chunks.filter((file) => file.endsWith(".mjs"))];
}

/** All the code of an asset, every chunk included: what any request of the function may run. */
function codeOf(dir: string): string {
  return scriptsOf(dir)
    .map((file) => readFileSync(join(dir, file), "utf8"))
    .join("\n");
}

/** AWS SDK v3 operations a bundle can send: each command class is `class extends command(ep, mw, "Operation", schema)`. */
function operationsIn(code: string): Set<string> {
  return new Set([...code.matchAll(/class extends [\w$]+\([\w$]+,[\w$]+,"(\w+)",[\w$]+\)\{\}/g)].map((m) => m[1]!));
}

test("cdk synth succeeds offline and passes cdk-nag", () => {
  expect({ status: synth.status, stderr: synth.status === 0 ? "" : synth.stderr.slice(-4000) }).toEqual({
    status: 0,
    stderr: "",
  });
  expect(existsSync(join(outdir, "Clientele.template.json"))).toBe(true);
  expect(synth.stderr).not.toMatch(/Docker/i);
});

test("every function is index.mjs and its chunks, each a minified ES module with a linked source map and the require shim", () => {
  const assets = functionAssets();
  expect(assets.length).toBeGreaterThanOrEqual(4);
  for (const { dir } of assets) {
    for (const file of scriptsOf(dir)) {
      const code = readFileSync(join(dir, file), "utf8");
      const name = file.split("/").pop()!.replace(/\./g, "\\.");
      expect({ file, shim: code.startsWith(ESM_REQUIRE_SHIM) }).toEqual({ file, shim: true });
      expect(code).toMatch(new RegExp(`//# sourceMappingURL=${name}\\.map\\s*$`));
      expect(existsSync(join(dir, `${file}.map`))).toBe(true);
    }
    expect(existsSync(join(dir, "package-lock.json"))).toBe(false);
  }
});

/** Each hosted page of the signup function and its two built files. */
const pagePaths = SERVED_PAGES.signup!.flatMap((page) => [
  pagePath(page),
  `${pagePath(page)}/${page}.js`,
  `${pagePath(page)}/${page}.css`,
]);

test("the bundles load in plain Node outside the repository and serve the API reference and the hosted pages", async () => {
  const sandbox = mkdtempSync(join(tmpdir(), "clientele-bundles-"));
  try {
    const assets = functionAssets();
    const script = `
      const fs = await import("node:fs");
      const dirs = JSON.parse(process.argv[1]);
      const pagePaths = JSON.parse(process.argv[2]);
      const ctx = { functionName: "test", awsRequestId: "test", getRemainingTimeInMillis: () => 10000 };
      const event = (path) => ({ version: "2.0", rawPath: path, rawQueryString: "", headers: { host: "api.test" },
        requestContext: { http: { method: "GET", path, sourceIp: "192.0.2.1" }, requestId: "r", domainName: "api.test" },
        isBase64Encoded: false });
      const out = {};
      for (const dir of dirs) {
        const mod = await import(dir + "/index.mjs");
        out[dir] = { handler: typeof mod.handler };
        // Every chunk evaluates too (CommonJS code in a chunk needs the banner's require).
        for (const chunk of fs.existsSync(dir + "/chunks") ? fs.readdirSync(dir + "/chunks") : []) {
          if (chunk.endsWith(".mjs")) await import(dir + "/chunks/" + chunk);
        }
        const paths = { public: ["/v1/health", "/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js"],
          signup: pagePaths }[dir.split("/").pop()] ?? [];
        for (const path of paths) {
          const res = await mod.handler(event(path), ctx);
          out[dir][path] = [res.statusCode, String(res.body).length];
        }
      }
      console.log(JSON.stringify(out));`;
    const dirs: string[] = [];
    for (const { name, dir } of assets) {
      cpSync(dir, join(sandbox, name), { recursive: true });
      dirs.push(join(sandbox, name));
    }
    const loaded = await run(
      process.execPath,
      ["--input-type=module", "-e", script, JSON.stringify(dirs), JSON.stringify(pagePaths)],
      {
        cwd: sandbox,
        env: { PATH: process.env.PATH, POWERTOOLS_LOG_LEVEL: "SILENT", AWS_REGION: "us-east-1", NODE_OPTIONS: "" },
        timeoutMs: 60_000,
      },
    );
    expect({ status: loaded.status, stderr: loaded.stderr }).toEqual({ status: 0, stderr: "" });
    const results = JSON.parse(loaded.stdout.trim().split("\n").pop()!) as Record<string, Record<string, unknown>>;
    for (const dir of dirs) expect(results[dir]!.handler).toBe("function");
    const publicResult = results[join(sandbox, "public")]!;
    expect(publicResult["/v1/health"]).toEqual([200, expect.any(Number)]);
    expect(publicResult["/docs/swagger-ui.css"]).toEqual([200, expect.any(Number)]);
    expect(publicResult["/docs/swagger-ui-bundle.js"]).toEqual([200, expect.any(Number)]);
    // Only the files the page reads are shipped, without swagger-ui-dist's own dependencies.
    expect(readdirSync(join(sandbox, "public", "node_modules"))).toEqual([SWAGGER_UI.name]);
    expect(readdirSync(join(sandbox, "public", "node_modules", SWAGGER_UI.name)).sort()).toEqual(
      [...SWAGGER_UI.keep].sort(),
    );
    // The hosted pages' browser files, built from web/ beside the bundle (SERVED_PAGES).
    const signupResult = results[join(sandbox, "signup")]!;
    expect(pagePaths).toEqual(expect.arrayContaining(["/signup", "/signin/signin.js", "/account/account.css"]));
    for (const path of pagePaths) expect(signupResult[path]).toEqual([200, expect.any(Number)]);
    expect(readdirSync(join(sandbox, "signup", "pages")).sort()).toEqual(
      pagePaths
        .filter((path) => /\.(js|css)$/.test(path))
        .map((path) => path.split("/").pop())
        .sort(),
    );
    for (const { name } of assets.filter((a) => !SERVED_PAGES[a.name])) {
      expect({ name, pages: existsSync(join(sandbox, name, "pages")) }).toEqual({ name, pages: false });
    }
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}, 90_000);

/** Every operation of the KMS client: a bundle's KMS calls are these among its operations. */
const KMS_OPERATIONS = new Set(
  Object.keys(kmsSdk)
    .filter((name) => name.endsWith("Command"))
    .map((name) => name.slice(0, -"Command".length)),
);

test("each function is granted the AWS calls its bundle makes (infra/permissions.ts is not out of date)", () => {
  const TABLE_WRITES = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"];
  const TABLE_READS = ["GetItem", "Query", "BatchGetItem", "TransactGetItems"];
  let sawSendEmail = false;
  for (const { name, dir } of functionAssets()) {
    const code = codeOf(dir);
    const ops = operationsIn(code);
    const access = accessOf(name);
    const granted = [...access.clientPool, ...access.staffPool];
    const missing: string[] = [];
    for (const op of ops) {
      if (op.startsWith("Admin") && !granted.includes(`cognito-idp:${op}`)) missing.push(`cognito-idp:${op}`);
      if (TABLE_WRITES.includes(op) && access.table !== "readWrite") missing.push(`table write (${op})`);
      // The fallback bundles the authentication code but only serves public stubs: it never reads the table.
      if (TABLE_READS.includes(op) && access.table === "none" && name !== "fallback")
        missing.push(`table read (${op})`);
      if ((op === "SendEmail" || op === "SendRawEmail") && !access.sendEmail) missing.push(`ses:${op}`);
    }
    if (code.includes("CLIENTELE_CURSOR_SECRET is not set") && !access.cursorSecret) missing.push("cursor secret");
    sawSendEmail ||= ops.has("SendEmail");
    expect({ name, missing }).toEqual({ name, missing: [] });
    // The field key exactly: every KMS call the bundle can make is granted, and nothing it cannot make is.
    const kmsCalls = [...ops].filter((op) => KMS_OPERATIONS.has(op)).map((op) => `kms:${op}`);
    expect({ name, kms: kmsCalls.sort() }).toEqual({ name, kms: fieldKeyActions(access.fieldKey).sort() });
  }
  // The pattern above still recognises the SDK's command classes (else this test would pass vacuously).
  expect(sawSendEmail).toBe(true);
});

test("synth stays reasonably fast", () => {
  // Measured at about 12-20 s on 2 cores; the bound only catches a regression such as Docker bundling.
  expect(seconds).toBeLessThan(150);
});
