import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { Audience } from "../domain/audience";
import { requestIdAttribute } from "../observability/correlation";
import { PASSWORD_RESET_REQUEST_ITEM_TYPE } from "../recovery/stream-filter";
import { db, tableName } from "./client";
import { keys } from "./keys";
import { IS_NEW, type NamedItem, named, type TransactItem, tx } from "./transact";

/**
 * A forgot-password request, accepted (202) and not yet carried out: the request path writes it without
 * looking the username up, and the password-reset worker, fed by the table's stream, does the rest and
 * deletes it. It holds the username as typed, so it lives at most a day (TTL) should nobody take it.
 */
export interface PasswordResetRequest {
  id: string;
  audience: Extract<Audience, "client">;
  /** As the person typed it. */
  username: string;
  /** Only this company's account is looked for, when given. */
  onlyCompanyId?: string;
  /** The HTTP request that asked (lib/observability/correlation.ts): the worker's lines carry it too. */
  requestId?: string;
  createdAt: string;
}

/** Long enough for the stream's retries (a day of them at most), short for a typed username. */
export const PASSWORD_RESET_REQUEST_LIFETIME_SECONDS = 24 * 60 * 60;

/** The request's item, to write in the transaction that counts the attempt. */
export function passwordResetRequestPut(request: Omit<PasswordResetRequest, "requestId">): TransactItem {
  const { onlyCompanyId, ...rest } = request;
  return tx.put(
    {
      ...keys.passwordResetRequest(request.id),
      itemType: PASSWORD_RESET_REQUEST_ITEM_TYPE,
      ...rest,
      ...(onlyCompanyId === undefined ? {} : { onlyCompanyId }),
      ...requestIdAttribute(),
      expiresAt: Math.floor(Date.parse(request.createdAt) / 1000) + PASSWORD_RESET_REQUEST_LIFETIME_SECONDS,
    },
    IS_NEW,
  );
}

/** The request as a stream record's (unmarshalled) new image holds it. */
export function passwordResetRequestOf(image: Record<string, unknown>): PasswordResetRequest {
  const request: PasswordResetRequest = {
    id: image.id as string,
    audience: "client",
    username: image.username as string,
    createdAt: image.createdAt as string,
  };
  if (typeof image.onlyCompanyId === "string") request.onlyCompanyId = image.onlyCompanyId;
  if (typeof image.requestId === "string") request.requestId = image.requestId;
  return request;
}

/** The name under which a transaction reports that the request was already carried out (its item is gone). */
export const RESET_REQUEST_ITEM = "reset-request";

/**
 * Deletes the request in the transaction that carries it out, only while it exists: a stream record
 * delivered again then finds it gone and writes nothing a second time.
 */
export const fulfilPasswordResetRequest = (id: string): NamedItem =>
  named(RESET_REQUEST_ITEM, tx.delete(keys.passwordResetRequest(id), { ConditionExpression: "attribute_exists(pk)" }));

/** A request that leads to nothing (no such account, or not one that may reset its password). */
export async function dropPasswordResetRequest(id: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.passwordResetRequest(id) }));
}
