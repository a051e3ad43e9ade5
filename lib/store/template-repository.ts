import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { EmailTemplateContent } from "../domain/email-template";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { toItem } from "./items";
import { keys } from "./keys";
import { getEntity } from "./operations";

export interface StoredTemplate extends EmailTemplateContent {
  templateId: string;
  language: string;
  updatedAt: string;
}

export const getTemplate = (companyId: string, templateId: string, language: string) =>
  getEntity<StoredTemplate>(keys.template(companyId, templateId, language));

export async function putTemplate(companyId: string, template: StoredTemplate, onlyIfAbsent = false): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: toItem(keys.template(companyId, template.templateId, template.language), "template", template),
        ...(onlyIfAbsent ? { ConditionExpression: "attribute_not_exists(pk)" } : {}),
      }),
    );
    return true;
  } catch (error) {
    if (onlyIfAbsent && isConditionFailure(error)) return false;
    throw error;
  }
}
