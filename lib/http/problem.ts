import {
  type ApplicationError,
  BusyError,
  ConflictError,
  type FieldError,
  InvalidInputError,
  InvalidTokenError,
  NotFoundError,
  NotPermittedError,
  RateLimitedError,
  StaleVersionError,
  WrongCredentialsError,
} from "../errors/application-errors";

/** RFC 9457 problem details. Every error the API answers is one of these. */
export const PROBLEM_BASE = "https://clientele.dev/problems/";

export type { FieldError };

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "HttpProblem";
  }

  toBody(): ProblemBody {
    return {
      type: `${PROBLEM_BASE}${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const problems = {
  malformedJson: (detail: string) => new HttpProblem(400, "malformed-json", "Malformed JSON", detail),
  badRequest: (slug: string, detail: string) => new HttpProblem(400, slug, "Bad request", detail),
  unauthorized: (detail = "Send a valid token as `Authorization: Bearer <token>`.") =>
    new HttpProblem(401, "unauthorized", "Unauthorized", detail, undefined, { "www-authenticate": "Bearer" }),
  forbidden: (detail: string) => new HttpProblem(403, "forbidden", "Forbidden", detail),
  notFound: (detail = "No resource at this path.") => new HttpProblem(404, "not-found", "Not found", detail),
  methodNotAllowed: (allow: string[]) =>
    new HttpProblem(
      405,
      "method-not-allowed",
      "Method not allowed",
      `This path answers ${allow.join(", ")}.`,
      undefined,
      { allow: allow.join(", ") },
    ),
  conflict: (slug: string, detail: string) => new HttpProblem(409, slug, "Conflict", detail),
  preconditionFailed: (detail: string) => new HttpProblem(412, "version-mismatch", "Precondition failed", detail),
  payloadTooLarge: (limit: number) =>
    new HttpProblem(413, "payload-too-large", "Payload too large", `Request bodies are limited to ${limit} bytes.`),
  unsupportedMediaType: (mediaTypes: readonly string[] = ["application/json"]) =>
    new HttpProblem(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      `Send the body as ${mediaTypes.map((type) => `\`${type}\``).join(" or ")}.`,
    ),
  validation: (errors: FieldError[], detail = "The request has invalid fields; see `errors`.") =>
    new HttpProblem(422, "validation-failed", "Validation failed", detail, errors),
  unprocessable: (slug: string, detail: string, errors?: FieldError[]) =>
    new HttpProblem(422, slug, "Unprocessable request", detail, errors),
  tooManyRequests: (retryAfterSeconds: number) =>
    new HttpProblem(429, "too-many-requests", "Too many requests", `Try again in ${retryAfterSeconds} s.`, undefined, {
      "retry-after": String(retryAfterSeconds),
    }),
  internal: () =>
    new HttpProblem(500, "internal-error", "Internal error", "Something went wrong on our side. Retry later."),
  busy: (retryAfterSeconds: number) =>
    new HttpProblem(503, "busy", "Busy", `The service is busy; retry in ${retryAfterSeconds} s.`, undefined, {
      "retry-after": String(retryAfterSeconds),
    }),
};

/** The one place where the application's errors become HTTP answers. */
export function problemOf(error: ApplicationError): HttpProblem {
  if (error instanceof NotFoundError) return problems.notFound(error.message);
  if (error instanceof ConflictError) {
    return new HttpProblem(409, error.code, "Conflict", error.message, error.errors);
  }
  if (error instanceof InvalidInputError) {
    return error.code === "validation-failed"
      ? problems.validation(error.errors, error.message)
      : problems.unprocessable(error.code, error.message, error.errors.length > 0 ? error.errors : undefined);
  }
  if (error instanceof InvalidTokenError) return problems.badRequest(error.code, error.message);
  if (error instanceof NotPermittedError) return new HttpProblem(403, error.code, "Forbidden", error.message);
  if (error instanceof WrongCredentialsError) return problems.unauthorized(error.message);
  if (error instanceof StaleVersionError) return problems.preconditionFailed(error.message);
  if (error instanceof RateLimitedError) return problems.tooManyRequests(error.retryAfterSeconds);
  if (error instanceof BusyError) return problems.busy(error.retryAfterSeconds);
  return problems.internal();
}
