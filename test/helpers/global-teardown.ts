import { rmSync } from "node:fs";

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __clienteleStack?: { stop(): Promise<void> } }).__clienteleStack;
  await stack?.stop();
  const dataDir = process.env.CLIENTELE_TEST_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
