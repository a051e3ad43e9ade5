import { inFieldOrder } from "../domain/field-order";
import type { Actor } from "../domain/history";
import { newId } from "../domain/ids";
import { STAFF_HISTORY_EVENT_FIELDS, type StaffHistoryEvent, type StaffHistoryType } from "../domain/staff-records";
import { NotFoundError } from "../errors/application-errors";
import { type Page, type PageRequest, sortedPage } from "../paging/sorted-page";
import { listStaffHistory } from "../store/staff-repository";

export function staffHistoryEvent(
  staffId: string,
  type: StaffHistoryType,
  actor: Actor,
  details: Pick<StaffHistoryEvent, "fields" | "from" | "to"> = {},
): StaffHistoryEvent {
  return { id: newId("evt"), staffId, type, at: new Date().toISOString(), actor, ...details };
}

/**
 * A page of a staff member's history, newest first. It outlives the member,
 * so an admin can still see who deleted whom; an id with no history at all
 * (another company's, or none) is not found.
 */
export async function staffHistoryPage(
  companyId: string,
  staffId: string,
  request: PageRequest,
): Promise<Page<StaffHistoryEvent>> {
  const events = await listStaffHistory(companyId, staffId);
  if (events.length === 0) throw new NotFoundError("No staff member has this id.");
  // Newest first: invert the time so the ascending page order serves it.
  const page = sortedPage(
    events,
    (e) => [String(9_999_999_999_999 - Date.parse(e.at)).padStart(13, "0"), e.id],
    request,
    `staff-history|${companyId}|${staffId}`,
  );
  return { ...page, items: page.items.map((e) => inFieldOrder(STAFF_HISTORY_EVENT_FIELDS, e)) };
}
