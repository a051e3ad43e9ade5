import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { problems } from "./problem";
import type { RawBodySpec } from "./route";

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body: 413 when too large, 415 when not JSON, 400 when malformed; undefined when empty. */
export function readJsonBody(event: APIGatewayProxyEventV2, contentType: string | undefined): unknown {
  if (event.body === undefined || event.body === null || event.body === "") return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
  if (raw.byteLength > MAX_BODY_BYTES) throw problems.payloadTooLarge(MAX_BODY_BYTES);
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(mediaType)) {
    throw problems.unsupportedMediaType();
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw problems.malformedJson(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads a body taken as bytes: 413 over the route's limit, 415 for another media type; undefined when empty. */
export function readRawBody(
  event: APIGatewayProxyEventV2,
  contentType: string | undefined,
  spec: RawBodySpec,
): Buffer | undefined {
  if (event.body === undefined || event.body === null || event.body === "") return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
  if (raw.byteLength > spec.maxBytes) throw problems.payloadTooLarge(spec.maxBytes);
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!spec.mediaTypes.includes(mediaType)) throw problems.unsupportedMediaType(spec.mediaTypes);
  return raw;
}
