/** Faster than a person can fill in the form. */
export const MINIMUM_FILL_MS = 3000;

/**
 * Why a signup looks automated: a filled honeypot (a field people never see)
 * or a form sent within MINIMUM_FILL_MS of being opened; null when it does
 * not. Such a request is answered like a success so that a bot learns nothing
 * to adapt to. API callers that send no `formStartedAt` are judged by the
 * honeypot alone.
 */
export function automationSign(
  body: { website?: string; formStartedAt?: number },
  nowMs = Date.now(),
): "honeypot" | "too-fast" | null {
  if (body.website !== undefined && body.website.trim() !== "") return "honeypot";
  return body.formStartedAt !== undefined && nowMs - body.formStartedAt < MINIMUM_FILL_MS ? "too-fast" : null;
}
