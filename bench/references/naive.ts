/**
 * The naive reference: middy, zod and the four AWS SDK packages the product
 * uses, imported whole (as a handler built on the aggregated clients, e.g.
 * `new DynamoDB()`, gets them: nothing can be tree-shaken).
 */
import * as cognito from "@aws-sdk/client-cognito-identity-provider";
import * as dynamodb from "@aws-sdk/client-dynamodb";
import * as ses from "@aws-sdk/client-ses";
import * as documentClient from "@aws-sdk/lib-dynamodb";
import middy from "@middy/core";
import * as z from "zod";

export { cognito, documentClient, dynamodb, middy, ses, z };
