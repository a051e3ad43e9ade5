import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { InvalidTokenError } from "../errors/application-errors";

/**
 * Opaque list cursors: a position (any JSON object) signed with HMAC-SHA256
 * under the cursor secret, together with a binding that names what the cursor
 * may continue (company, resource, filters). A cursor that was altered, made
 * up, or minted for another binding (another company's list, another query)
 * is refused (`bad-cursor`, a 400 at the HTTP edge), so it cannot be forged into someone else's data.
 */
export function encodeCursor(position: object, binding: string): string {
  const body = Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
  return `${body}.${sign(body, binding).toString("base64url")}`;
}

/** The position encoded in a cursor minted for this binding; throws `badCursor()` otherwise. */
export function decodeCursor(cursor: string, binding: string): Record<string, unknown> {
  const [body, signature, ...rest] = cursor.split(".");
  if (!body || !signature || rest.length > 0) throw badCursor();
  const expected = sign(body, binding);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badCursor();
  try {
    const position: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    if (position !== null && typeof position === "object" && !Array.isArray(position)) {
      return position as Record<string, unknown>;
    }
  } catch {
    // Only a cursor signed by an older format could get here; treated like any other bad cursor.
  }
  throw badCursor();
}

function sign(body: string, binding: string): Buffer {
  const secret = config().cursorSecret;
  if (!secret) throw new Error("CLIENTELE_CURSOR_SECRET is not set");
  // The length prefix keeps (binding, body) pairs unambiguous.
  return createHmac("sha256", secret).update(`${binding.length}:${binding}:${body}`).digest();
}

/** A cursor that is not ours, or well signed but not holding what its list expects (a 400 at the edge). */
export const badCursor = () =>
  new InvalidTokenError("The cursor is not valid for this list. Start again without a cursor.", "bad-cursor");
