import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { config } from "../config";

let documentClient: DynamoDBDocumentClient | undefined;

/** The process-wide DynamoDB document client; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set. */
export function db(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ region: config().region }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function tableName(): string {
  return config().tableName;
}
