/**
 * The application's own error vocabulary. Services and the store throw these;
 * only the HTTP edge (lib/http) turns them into RFC 9457 responses, so the
 * rules never speak HTTP and a stream handler can use them too.
 */

/** A problem with one field of the input: `path` uses dots (`phones.0.number`, `customFields.<id>`). */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class ApplicationError extends Error {
  constructor(
    message: string,
    /** A stable slug naming the case, e.g. `username-taken`; API consumers may branch on it. */
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing does not exist, or is not the caller's to see (never says which). */
export class NotFoundError extends ApplicationError {
  constructor(message = "No resource at this path.") {
    super(message, "not-found");
  }
}

/** The request is valid but clashes with the current state: a taken username, the last admin. */
export class ConflictError extends ApplicationError {
  constructor(
    message: string,
    code: string,
    /** The fields the person can change to resolve it, when there are some. */
    readonly errors?: FieldError[],
  ) {
    super(message, code);
  }
}

/** The input breaks a rule: the errors name the fields. */
export class InvalidInputError extends ApplicationError {
  constructor(
    readonly errors: FieldError[],
    message = "The request has invalid fields; see `errors`.",
    code = "validation-failed",
  ) {
    super(message, code);
  }
}

/** A token, cursor or key that is not (or no longer) one of ours: the request as a whole is bad. */
export class InvalidTokenError extends ApplicationError {}

/** The caller may not do this, whoever they are in their company (wrong role, MFA still to set up). */
export class NotPermittedError extends ApplicationError {}

/** The caller's credentials (a password they were asked to confirm, a one-time code) are wrong. */
export class WrongCredentialsError extends ApplicationError {
  constructor(message: string) {
    super(message, "wrong-credentials");
  }
}

/** `If-Match` named an older version than the stored one. */
export class StaleVersionError extends ApplicationError {
  constructor(message = "The resource has changed since you read it; read it again and retry.") {
    super(message, "version-mismatch");
  }
}

/** Too many attempts in the current window. */
export class RateLimitedError extends ApplicationError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s.`, "too-many-requests");
  }
}

/** A dependency is throttling or contended; the same request may simply be sent again. */
export class BusyError extends ApplicationError {
  constructor(readonly retryAfterSeconds = 1) {
    super(`The service is busy; retry in ${retryAfterSeconds} s.`, "busy");
  }
}

/** A create's reserved id (its Idempotency-Key's) names what an earlier attempt created and someone deleted since. */
export const createdThenDeleted = (what: string) =>
  new ConflictError(
    `The ${what} this Idempotency-Key created was deleted meanwhile. Use a new key to create another.`,
    "idempotency-target-deleted",
  );
