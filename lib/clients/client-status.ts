import { forgetClientAccess } from "../access/client-access";
import type { ClientStatus } from "../domain/client";
import type { Actor } from "../domain/history";
import { disableClientUser, enableClientUser, signOutClientEverywhere } from "../identity/client-users";
import { getClientAccess, type StoredClient } from "../store/client-repository";
import { historyEvent } from "./history-event";
import { nextVersion, nowSeconds, rewriteClient } from "./rewrite-client";

export interface ChangeStatusCommand {
  companyId: string;
  clientId: string;
  actor: Actor;
  status: ClientStatus;
  reason?: string;
}

const SYNC_ROUNDS = 3;

/**
 * Records the new status first (client, history and index entries in one
 * transaction): from that moment the API refuses the client's tokens and
 * sign-ins. Leaving `active` also ends the client's sessions for good, so a
 * later reactivation does not revive old tokens. Then Cognito follows
 * (disable and global sign-out, or enable); if that fails, the request fails
 * and a retry, finding the status already recorded, redoes only Cognito.
 */
export async function changeClientStatus(command: ChangeStatusCommand): Promise<StoredClient> {
  const { companyId, clientId, actor, status, reason } = command;
  const client = await rewriteClient(companyId, clientId, (before) => {
    if (before.status === status) return null;
    return {
      after: nextVersion(before, {
        status,
        ...(status === "active" ? {} : { sessionsNotBefore: nowSeconds() }),
      }),
      history: [
        historyEvent("status-changed", actor, { from: before.status, to: status, ...(reason ? { reason } : {}) }),
      ],
    };
  });
  forgetClientAccess(companyId, clientId);
  await syncSignIn(companyId, clientId, client.status);
  return client;
}

/**
 * Brings the Cognito account in line with the stored status. Two changes
 * racing could reach Cognito in the other order than the table, so it checks
 * the stored status again after each round and follows it.
 */
async function syncSignIn(companyId: string, clientId: string, status: ClientStatus): Promise<void> {
  let target = status;
  for (let round = 0; round < SYNC_ROUNDS; round++) {
    if (target === "active") {
      await enableClientUser(clientId);
    } else {
      await disableClientUser(clientId);
      await signOutClientEverywhere(clientId);
    }
    const stored = (await getClientAccess(companyId, clientId))?.status;
    if (stored === undefined || (stored === "active") === (target === "active")) return;
    target = stored;
  }
}
