import { createClient } from "../clients/create-client";
import { ConflictError, InvalidInputError } from "../errors/application-errors";
import { generatePassword } from "../identity/passwords";
import { recordMetric } from "../observability/metrics";
import { automationSign } from "./bot-check";
import type { SignupContext } from "./signup-context";
import type { SignupBody, SignupResult } from "./signup-schema";

export interface SignupCommand {
  context: SignupContext & { group: NonNullable<SignupContext["group"]> };
  /** Reserved by the Idempotency-Key, so a retry finishes the same client. */
  clientId: string;
  body: SignupBody;
}

/**
 * Creates an active client in the signup group and queues its registration
 * email, or, for what looks automated, answers the same shape while creating
 * and sending nothing.
 */
export async function signUp({ context, clientId, body }: SignupCommand): Promise<SignupResult> {
  const { website, formStartedAt, ...input } = body;
  const username = input.username ?? input.email;
  const automated = automationSign({ website, formStartedAt });
  if (automated) {
    recordMetric("SignupsRefused", automated);
    return { clientId, username, ...(input.generatePassword ? { generatedPassword: generatePassword() } : {}) };
  }
  const visible = new Set(context.visibleFields.map((field) => field.id));
  const hidden = Object.keys(input.customFields ?? {}).filter((id) => !visible.has(id));
  if (hidden.length > 0) {
    throw new InvalidInputError(
      hidden.map((id) => ({ path: `customFields.${id}`, message: "The signup form has no field with this id." })),
    );
  }
  try {
    const created = await createClient({
      companyId: context.company.id,
      clientId,
      actor: { type: "public", id: "" },
      input: { ...input, groupId: context.group.id, sendRegistrationEmail: true },
      source: "signup",
    });
    // Built from what was stored, never decrypted: signup may encrypt field values but not read them.
    return {
      clientId: created.stored.id,
      username: created.stored.username,
      ...(created.generatedPassword ? { generatedPassword: created.generatedPassword } : {}),
    };
  } catch (error) {
    if (error instanceof ConflictError && error.code === "username-taken") throw usernameUnavailable(input.username);
    throw error;
  }
}

/**
 * The same answer whatever holds the username (another client, of this or
 * another company), pointing at the field the person can change.
 */
function usernameUnavailable(specifiedUsername: string | undefined): ConflictError {
  const detail = "This username cannot be used. Specify another username, or sign in if you already have an account.";
  return new ConflictError(detail, "username-taken", [
    { path: specifiedUsername === undefined ? "email" : "username", message: detail },
  ]);
}
