import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import type { BillingKind } from "../domain/billing";
import { problems } from "../http/problem";

/** What a cursor is bound to: a cursor made for one list never opens another, least of all another company's. */
export interface CursorScope {
  companyId: string;
  clientId: string;
  kind: BillingKind;
}

function sign(payload: string): string {
  const { cursorSecret } = config();
  // Without a secret anyone could forge a cursor: refuse rather than sign with an empty key.
  if (!cursorSecret) throw new Error("CLIENTELE_CURSOR_SECRET is not set");
  return createHmac("sha256", cursorSecret).update(payload).digest("base64url");
}

/** An opaque cursor: the last record id seen, with the scope, signed with the server's secret. */
export function encodeCursor(scope: CursorScope, lastId: string): string {
  const payload = Buffer.from(JSON.stringify([scope.companyId, scope.clientId, scope.kind, lastId])).toString(
    "base64url",
  );
  return `${payload}.${sign(payload)}`;
}

/** The last record id of the previous page; 400 for a cursor that is malformed, tampered with or from another list. */
export function decodeCursor(scope: CursorScope, cursor: string): string {
  const bad = () =>
    problems.badRequest("bad-cursor", "The cursor is not valid for this list; start again without a cursor.");
  const [payload, signature, ...rest] = cursor.split(".");
  if (!payload || !signature || rest.length > 0) throw bad();
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad();
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(fields) || fields.length !== 4) throw bad();
  const [companyId, clientId, kind, lastId] = fields;
  if (companyId !== scope.companyId || clientId !== scope.clientId || kind !== scope.kind) throw bad();
  if (typeof lastId !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(lastId)) throw bad();
  return lastId;
}
