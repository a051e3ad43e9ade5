import { queryAudience } from "../store/browse-repository";
import type { AudienceMember } from "../store/indexing/client-summary";
import type { ReadCost } from "../store/read-cost";
import type { Page } from "./browse-clients";
import { cursorAfter, positionAfter, readCursor } from "./page-cursor";

/**
 * A page of the clients a mass mailer may write to (active and opted in),
 * with their consent: it reads audience entries only, so its cost follows
 * the audience, not the company.
 */
export async function marketingAudience(
  companyId: string,
  query: { limit: number; cursor?: string },
  cost?: ReadCost,
): Promise<Page<AudienceMember>> {
  const binding = ["marketing-audience", companyId].join("|");
  const page = await queryAudience(
    companyId,
    query.limit,
    readCursor(query.cursor, binding, positionAfter())?.after,
    cost,
  );
  return { items: page.members, nextCursor: page.more ? cursorAfter(page.lastKey, binding) : null };
}
