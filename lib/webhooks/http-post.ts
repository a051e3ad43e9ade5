import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { CheckedTarget } from "./url-guard";

/** How much of a receiver's answer is read: enough for an error message, never a whole page. */
export const RESPONSE_READ_LIMIT = 4096;
/** How much of it the delivery log keeps. */
export const RESPONSE_EXCERPT_LENGTH = 200;

export interface PostOutcome {
  /** The receiver's HTTP status, null when none came (refused, timed out, connection failed). */
  status: number | null;
  durationMs: number;
  /** Why it is not a success, as a short code: `timeout`, `http-503`, `ECONNREFUSED`, ... */
  error: string | null;
  excerpt: string;
}

/**
 * One POST to a checked target: connects to the checked address only (the
 * lookup below answers it, so nothing is resolved again), with the URL's host
 * in the Host header and TLS SNI and certificate check. No redirect is
 * followed (a 3xx is a failure), the whole attempt is cut at `timeoutMs`, and
 * at most RESPONSE_READ_LIMIT bytes of the answer are read.
 */
export function postJson(
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostOutcome> {
  const started = performance.now();
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as (e: null, all: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number | null, error: string | null, excerpt = "") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve({ status, error, excerpt, durationMs: Math.round(performance.now() - started) });
    };
    const request = send(
      target.url,
      {
        method: "POST",
        lookup,
        agent: false,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Clientele-Webhooks/1",
        },
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let read = 0;
        const done = () => {
          const text = Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_EXCERPT_LENGTH);
          finish(status, status >= 200 && status < 300 ? null : `http-${status}`, text);
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk.subarray(0, RESPONSE_READ_LIMIT - read));
          read += chunk.length;
          if (read >= RESPONSE_READ_LIMIT) done();
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => finish(null, "timeout"), timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => finish(null, error.code ?? error.name ?? "error"));
    request.end(body);
  });
}
