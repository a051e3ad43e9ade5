import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Company } from "../domain/company";
import type { ClientGroup } from "../domain/group";
import { db, tableName } from "./client";
import { toItem } from "./items";
import { keys } from "./keys";
import { conditionalWrite, getEntity, type ReadOptions } from "./operations";
import { atVersion, IS_NEW, transactWrite, tx } from "./transact";

export const getCompany = (companyId: string, options?: ReadOptions) =>
  getEntity<Company>(keys.company(companyId), false, options);

/** Writes a new company with its default group in one transaction; false when it already exists. */
export async function insertCompany(company: Company, general: ClientGroup): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.put(toItem(keys.company(company.id), "company", company), IS_NEW),
      tx.put(toItem(keys.group(company.id, general.id), "group", general), IS_NEW),
    ]),
  );
}

/** Replaces the company's settings if its version is still `expectedVersion`; false otherwise. */
export async function replaceCompany(company: Company, expectedVersion: number): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.put(toItem(keys.company(company.id), "company", company), atVersion(expectedVersion)),
      tx.check(keys.group(company.id, company.signupGroupId), { ConditionExpression: "attribute_exists(pk)" }),
    ]),
  );
}

/** Takes the next client number: atomic, never reused, starting at the company's `clientNumberStart`. */
export async function nextClientNumber(companyId: string, start: number): Promise<number> {
  return takeClientNumbers(companyId, start, 1);
}

/** Takes `count` consecutive client numbers in one write; answers the first. */
export async function takeClientNumbers(companyId: string, start: number, count: number): Promise<number> {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.clientCounter(companyId),
      UpdateExpression: "SET #last = if_not_exists(#last, :before) + :count",
      ExpressionAttributeNames: { "#last": "last" },
      ExpressionAttributeValues: { ":before": start - 1, ":count": count },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return (Attributes?.last as number) - count + 1;
}

/**
 * Moves the client number counter to at least `highest`, so numbers up to it
 * are never handed out again, and answers the last number handed out before:
 * numbers above it were never used, so an import may keep them. A lost race
 * with a concurrent create reads the counter again.
 */
export async function moveClientCounterPast(companyId: string, start: number, highest: number): Promise<number> {
  for (;;) {
    const counter = await getEntity<{ last?: number }>(keys.clientCounter(companyId), true);
    const last = counter?.last ?? start - 1;
    if (last >= highest) return last;
    const moved = await conditionalWrite(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.clientCounter(companyId),
          UpdateExpression: "SET #last = :highest",
          ConditionExpression: counter ? "#last = :last" : "attribute_not_exists(#last)",
          ExpressionAttributeNames: { "#last": "last" },
          ExpressionAttributeValues: { ":highest": highest, ...(counter ? { ":last": last } : {}) },
        }),
      ),
    );
    if (moved) return last;
  }
}
