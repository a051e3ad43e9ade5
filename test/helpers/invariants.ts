import { clientUsersOf } from "./cognito";
import { scanTable } from "./table";

type Item = Record<string, unknown>;

/**
 * What must hold for a company's data once no request is in flight, read
 * straight from the table and Cognito: nothing half-written (no pending or
 * half-deleted client, no username, identity, outbox or partition item without
 * its client, no Cognito user without a client, an identity and a Cognito
 * user for each client with a sign-in account and neither for an imported
 * client still without one), numbers unique, and group
 * counts equal to the clients they count. Returns the violations, empty when
 * all is well, so that a failing test shows every one of them.
 */
export async function companyViolations(companyId: string, items?: Item[]): Promise<string[]> {
  const all = items ?? (await scanTable());
  const problems: string[] = [];
  const clients = all.filter((i) => i.itemType === "client" && i.companyId === companyId);
  const live = clients.filter((c) => !c.pending && !c.deleting);
  const liveIds = new Set(live.map((c) => c.id as string));
  const clientIds = new Set(clients.map((c) => c.id as string));

  for (const c of clients) {
    if (c.pending) problems.push(`client ${c.id} is still pending (a create that never finished)`);
    if (c.deleting) problems.push(`client ${c.id} is still marked deleting (a delete that never finished)`);
  }

  // An anonymised client keeps its record but has given up its username, identity and sign-in account.
  const signable = live.filter((c) => !c.anonymisedAt);
  const usernames = all.filter((i) => i.itemType === "username" && i.companyId === companyId);
  for (const c of signable) {
    const claim = usernames.find((u) => u.pk === `USERNAME#${String(c.username).toLowerCase()}`);
    if (claim?.clientId !== c.id) problems.push(`client ${c.id} does not hold its username "${c.username}"`);
  }
  for (const u of usernames) {
    if (!clientIds.has(u.clientId as string))
      problems.push(`username ${u.pk} points at a missing client ${u.clientId}`);
  }

  // An imported client gets its identity and sign-in account with its first password; until then it has neither.
  const withSignIn = signable.filter((c) => !c.signInDeferred);
  const withSignInIds = new Set(withSignIn.map((c) => c.id as string));
  const identities = all.filter((i) => i.itemType === "identity" && i.companyId === companyId && i.clientId);
  for (const c of withSignIn) {
    if (!identities.some((i) => i.clientId === c.id)) problems.push(`client ${c.id} has no identity item`);
  }
  for (const i of identities) {
    if (!withSignInIds.has(i.clientId as string))
      problems.push(`identity ${i.pk} points at a client that is missing or has no sign-in account: ${i.clientId}`);
  }

  const partitionPrefix = `CO#${companyId}#CL#`;
  for (const item of all) {
    const pk = String(item.pk);
    if (!pk.startsWith(partitionPrefix)) continue;
    const owner = pk.slice(partitionPrefix.length);
    if (!clientIds.has(owner)) problems.push(`${pk} ${item.sk} (${item.itemType}) outlived its client`);
  }

  // Items outside the partition that name a client (search, browse and audience entries) must name a live one.
  for (const item of all) {
    const pk = String(item.pk);
    if (!pk.startsWith(`CO#${companyId}#`) || pk.startsWith(partitionPrefix)) continue;
    const isIndexEntry = typeof item.type === "string" && /search|browse|audience/.test(item.type);
    // An email to a staff member (staff outbox) carries an empty clientId: it names no client.
    const toStaff = typeof item.staffId === "string";
    const named = toStaff
      ? undefined
      : typeof item.clientId === "string"
        ? item.clientId
        : isIndexEntry
          ? item.id
          : undefined;
    if (typeof named === "string" && !liveIds.has(named)) {
      problems.push(`${pk} ${item.sk} (${item.itemType ?? item.type}) names client ${named}, which is not live`);
    }
  }

  const numbers = new Map<unknown, string[]>();
  for (const c of clients) numbers.set(c.number, [...(numbers.get(c.number) ?? []), c.id as string]);
  for (const [number, ids] of numbers) {
    if (ids.length > 1) problems.push(`client number ${number} is shared by ${ids.join(", ")}`);
  }

  const groups = all.filter((i) => i.itemType === "group" && i.pk === `CO#${companyId}`);
  for (const g of groups) {
    const members = live.filter((c) => c.groupId === g.id).length;
    const counted = (g.clientCount as number | undefined) ?? 0;
    if (counted !== members) problems.push(`group ${g.id} counts ${counted} clients but has ${members}`);
  }

  const users = new Set(await clientUsersOf(companyId));
  for (const user of users) {
    if (!withSignInIds.has(user)) problems.push(`Cognito user ${user} has no live client with a sign-in account`);
  }
  for (const id of withSignInIds) {
    if (!users.has(id)) problems.push(`client ${id} has no Cognito user`);
  }
  return problems;
}
