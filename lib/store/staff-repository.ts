import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { StaffMember } from "../domain/staff";
import { db, tableName } from "./client";
import { identityPutItem } from "./identity-repository";
import { toItem } from "./items";
import { keys } from "./keys";
import { conditionalWrite, getEntity, queryAllByPrefix } from "./operations";

/**
 * Writes a new staff member and the identity item that links their Cognito
 * subject to them, together; false when either exists already.
 */
export function insertStaffMember(userPoolId: string, member: StaffMember): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: toItem(keys.staffMember(member.companyId, member.id), "staff", member),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: identityPutItem(userPoolId, member.sub, { companyId: member.companyId, staffId: member.id }),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    ),
  );
}

/** Strongly consistent: what authorises a request must not lag a change. */
export function getStaffMember(companyId: string, staffId: string): Promise<StaffMember | null> {
  return getEntity<StaffMember>(keys.staffMember(companyId, staffId), true);
}

export function listStaffMembers(companyId: string): Promise<StaffMember[]> {
  const { pk, skPrefix } = keys.staffPrefix(companyId);
  return queryAllByPrefix<StaffMember>(pk, skPrefix);
}
