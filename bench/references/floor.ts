/**
 * The floor: the smallest useful DynamoDB-backed function, a DynamoDB client
 * and a document client sending one command, nothing else.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) =>
  documentClient.send(
    new GetCommand({ TableName: process.env.CLIENTELE_TABLE_NAME ?? "bench", Key: { pk: event.id, sk: "PROFILE" } }),
  );
