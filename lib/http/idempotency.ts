import { createHash } from "node:crypto";
import { ApplicationError } from "../errors/application-errors";
import {
  completeRecord,
  type IdempotencyRecord,
  readRecord,
  releaseRecord,
  type StoredResponse,
  startRecord,
  takeOver,
} from "../store/idempotency-repository";
import { HttpProblem, problemOf, problems } from "./problem";
import type { ApiRequest, ApiResult, BoundRoute } from "./route";

/** How long one attempt holds a key before a retry may take over its work. */
const LOCK_SECONDS = 30;

interface IdempotentCall {
  companyId: string;
  /** The operation; the same key may be used for different operations. */
  scope: string;
  key: string | undefined;
  /** What makes two requests "the same": hashed and compared (computed only when a key is given). */
  fingerprint: () => unknown;
  newId: () => string;
  /** Rebuilds a replay from what the record kept (`ApiResult.stored`), e.g. decrypting its sealed values. */
  replay?: (stored: StoredResponse) => Promise<ApiResult>;
}

/**
 * Runs a route that declares `idempotency` (the handler factory calls this for
 * every such route, so none can forget it): scoped by its operation id, in the
 * caller's company, with the id it reserves; what the answer shows once is not kept.
 */
export async function runIdempotently(route: BoundRoute, request: ApiRequest): Promise<ApiResult> {
  const { spec, idempotency: hooks = {} } = route;
  const policy = spec.idempotency!;
  // A public route has a companyOf hook (createApiHandler checks), every other one a caller.
  const companyId = hooks.companyOf ? await hooks.companyOf(request) : request.auth!.companyId;
  return idempotent(
    {
      companyId,
      scope: spec.operationId,
      key: request.headers["idempotency-key"],
      fingerprint: () =>
        hooks.fingerprint ? hooks.fingerprint(request, companyId) : { params: request.params, body: request.body },
      newId: policy.reserveId,
      replay: hooks.replay && ((stored) => hooks.replay!(stored, request)),
    },
    async (reservedId) => withoutNotKept(await route.run({ ...request, reservedId }), policy.notKept ?? []),
  );
}

/** Leaves the fields shown once out of what the record keeps (the answer itself keeps them). */
function withoutNotKept(result: ApiResult, notKept: readonly string[]): ApiResult {
  const stored = result.stored ?? withoutStored(result);
  if (notKept.length === 0 || typeof stored.body !== "object" || stored.body === null) return result;
  const body = Object.fromEntries(Object.entries(stored.body).filter(([name]) => !notKept.includes(name)));
  return { ...result, stored: { ...stored, body } };
}

/**
 * Runs `work` at most once per Idempotency-Key: a retry with the same body gets
 * the first response; a retry after a failure resumes with the same reserved id.
 */
async function idempotent(call: IdempotentCall, work: (reservedId: string) => Promise<ApiResult>): Promise<ApiResult> {
  if (call.key === undefined) return withoutStored(await work(call.newId()));
  if (!/^[\x21-\x7e]{1,255}$/.test(call.key)) {
    throw problems.badRequest("bad-idempotency-key", "Idempotency-Key takes 1 to 255 visible ASCII characters.");
  }
  const scope = { companyId: call.companyId, scope: call.scope, key: call.key };
  const requestHash = createHash("sha256")
    .update(JSON.stringify(await call.fingerprint()))
    .digest("base64url");
  const now = Math.floor(Date.now() / 1000);
  const fresh: IdempotencyRecord = {
    requestHash,
    state: "in-progress",
    reservedId: call.newId(),
    lockedUntil: now + LOCK_SECONDS,
  };
  let reservedId = fresh.reservedId;
  if (!(await startRecord(scope, fresh))) {
    const existing = await readRecord(scope);
    if (!existing) return idempotent(call, work);
    if (existing.requestHash !== requestHash) {
      throw problems.unprocessable(
        "idempotency-key-reused",
        "This Idempotency-Key was used with a different request. Use a new key for a new request.",
      );
    }
    if (existing.state === "done" && existing.response) {
      const { status, body, headers } = call.replay ? await call.replay(existing.response) : existing.response;
      return { status, body, headers: { ...headers, "idempotent-replayed": "true" } };
    }
    if (existing.lockedUntil > now || !(await takeOver(scope, existing.lockedUntil, now + LOCK_SECONDS))) {
      throw problems.conflict(
        "idempotency-in-progress",
        "A request with this Idempotency-Key is still running; retry shortly.",
      );
    }
    reservedId = existing.reservedId;
  }
  try {
    const result = await work(reservedId);
    await completeRecord(scope, result.stored ?? withoutStored(result));
    return withoutStored(result);
  } catch (error) {
    // A refusal (4xx) is the answer a retry gets too; anything else lets the next retry try again.
    const problem = error instanceof ApplicationError ? problemOf(error) : error;
    if (problem instanceof HttpProblem && problem.status < 500) {
      await completeRecord(scope, {
        status: problem.status,
        body: problem.toBody(),
        headers: { "content-type": "application/problem+json", ...problem.headers },
      });
    } else {
      await releaseRecord(scope);
    }
    throw error;
  }
}

const withoutStored = ({ stored: _, ...answer }: ApiResult): ApiResult => answer;
