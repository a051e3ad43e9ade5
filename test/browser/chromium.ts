import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createBrotliDecompress } from "node:zlib";
import { type Browser, chromium, type LaunchOptions, type Page } from "playwright-core";
import { extract } from "tar-fs";

/** Path of a Chromium or Chrome executable to drive instead of the one `npm ci` brings. */
const CHROMIUM_OVERRIDE = "CLIENTELE_CHROMIUM";

export const ARTIFACTS = fileURLToPath(new URL("../artifacts", import.meta.url));

const CACHE = fileURLToPath(new URL("../../node_modules/.cache/clientele", import.meta.url));

const require = createRequire(import.meta.url);

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  const which = await chromiumToDrive();
  return chromium.launch({ ...which, args: ARGS }).catch((error: Error) => {
    if (!which.channel) throw error;
    throw new Error(
      `@sparticuz/chromium ships a Linux x64 build only, and no Google Chrome was found: set ${CHROMIUM_OVERRIDE} to a Chromium or Chrome executable.\n${error.message}`,
    );
  });
}

/** The tests never download a browser: the override, else the npm package's build, else the installed Chrome. */
async function chromiumToDrive(): Promise<LaunchOptions> {
  const override = process.env[CHROMIUM_OVERRIDE];
  if (override) {
    if (!existsSync(override)) throw new Error(`${CHROMIUM_OVERRIDE} names ${override}, which does not exist.`);
    return { executablePath: override };
  }
  if (process.platform === "linux" && process.arch === "x64") return packagedChromium();
  return { channel: "chrome" };
}

/**
 * The Chromium that @sparticuz/chromium ships brotli-compressed, unpacked once per version. Its own
 * NSS libraries go on the library path, so it needs nothing from the system beyond glibc.
 */
async function packagedChromium(): Promise<LaunchOptions> {
  const packageDir = join(dirname(require.resolve("@sparticuz/chromium")), "..");
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  const dir = join(CACHE, `chromium-${version}`);
  if (!existsSync(dir)) await unpack(join(packageDir, "bin"), dir);
  const libraryPath = [join(dir, "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return { executablePath: join(dir, "chromium"), env: { ...process.env, LD_LIBRARY_PATH: libraryPath } };
}

async function unpack(packedDir: string, dir: string): Promise<void> {
  // Unpacked beside its place and renamed into it, so a run started meanwhile never finds half a browser.
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const unbrotli = (file: string, into: NodeJS.WritableStream) =>
    pipeline(createReadStream(join(packedDir, file)), createBrotliDecompress(), into);
  await Promise.all([
    unbrotli("chromium.br", createWriteStream(join(partial, "chromium"), { mode: 0o755 })),
    unbrotli("al2023.tar.br", extract(partial)),
  ]);
  try {
    renameSync(partial, dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
}

/** Saves a full-page screenshot under test/artifacts/ (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
