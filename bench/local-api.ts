import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalServer } from "../lib/local/http-server";
import { startLocalStack } from "../lib/local/stack";

/** A port nothing listens on now (loopback only). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface BenchApi {
  base: string;
  companyId: string;
  /** An admin's ID token. */
  token: string;
  stop(): Promise<void>;
}

/**
 * The whole local stack in a temporary directory, the API on a loopback port
 * and an admin signed in: what a benchmark of API flows needs.
 */
export async function startBenchApi(name: string): Promise<BenchApi> {
  const admin = { username: `${name}-admin`, password: "Bench-Admin-Passw0rd" };
  const dataDir = mkdtempSync(join(tmpdir(), `clientele-${name}-`));
  console.log(`Starting the local stack (data in ${dataDir}) ...`);
  const [dynamodb, cognito, ses] = [await freePort(), await freePort(), await freePort()];
  const stack = await startLocalStack({
    dataDir,
    ports: { dynamodb, cognito, ses },
    companyName: `Bench ${name}`,
    adminUsername: admin.username,
    adminPassword: admin.password,
    adminEmail: `${name}-admin@bench.localhost`,
  });
  // Imported after the stack set the environment, like a Lambda function starting with its configuration.
  const { localFunctions } = await import("../functions/local");
  const server = createLocalServer(localFunctions);
  const base = await listen(server);
  const login = await fetch(`${base}/v1/auth/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(admin),
  });
  const { idToken } = (await login.json()) as { idToken: string };
  return {
    base,
    companyId: stack.companyId,
    token: idToken,
    stop: async () => {
      server.close();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
