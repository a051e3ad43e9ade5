import { readFile } from "node:fs/promises";
import type { PageName } from "./build";
import { PAGE_CSP } from "./html";

export interface PageResponse {
  body: string;
  headers: Record<string, string>;
}

/** A built page file's content by file name (`signup.js`); rejects when it was not built. */
export type PageFileSource = (fileName: string) => Promise<string>;

const read = new Map<string, Promise<string>>();

/** In a Lambda bundle, the built files lie in pages/ beside index.mjs: infra/functions.ts puts them there. */
const besideTheBundle: PageFileSource = (fileName) => {
  let text = read.get(fileName);
  if (!text) {
    text = readFile(new URL(`./pages/${fileName}`, import.meta.url), "utf8");
    read.set(fileName, text);
  }
  return text;
};

let source: PageFileSource = besideTheBundle;

/** Where the page files come from instead, for the local server, which has no bundle (see functions/local.ts). */
export function servePageFilesFrom(files: PageFileSource): void {
  source = files;
}

export function htmlPage(html: string): PageResponse {
  return {
    body: html,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": PAGE_CSP,
      // A page opened from an emailed link has its token in the address until its script removes it.
      "referrer-policy": "no-referrer",
    },
  };
}

const CONTENT_TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

/** The page's script or style sheet (`<page>.js`, `<page>.css`); null for any other name. */
export async function pageAsset(page: PageName, fileName: string): Promise<PageResponse | null> {
  const extension = fileName.startsWith(`${page}.`) ? fileName.slice(page.length + 1) : "";
  const contentType = Object.hasOwn(CONTENT_TYPES, extension) ? CONTENT_TYPES[extension]! : null;
  if (!contentType) return null;
  return {
    body: await source(fileName),
    headers: { "content-type": contentType, "cache-control": "public, max-age=300" },
  };
}
