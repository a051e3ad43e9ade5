import { createHash } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Audience } from "../domain/audience";
import { db, tableName } from "./client";
import { keys } from "./keys";
import { getEntity } from "./operations";

/** A sign-in session: who signed in and when. The refresh token itself is never stored, only its hash. */
export interface SessionRecord {
  audience: Audience;
  sub: string;
  companyId: string;
  /** Epoch seconds. */
  issuedAt: number;
  /** Cognito's `event_id` of the sign-in: with `issuedAt`, which sign-in passed MFA. */
  eventId?: string;
}

const hashOf = (refreshToken: string) => createHash("sha256").update(refreshToken).digest("base64url");

export async function recordSession(refreshToken: string, session: SessionRecord, ttlSeconds: number): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.session(hashOf(refreshToken)),
        itemType: "session",
        ...session,
        expiresAt: session.issuedAt + ttlSeconds,
      },
    }),
  );
}

export function findSession(refreshToken: string): Promise<SessionRecord | null> {
  return getEntity<SessionRecord>(keys.session(hashOf(refreshToken)), true);
}
