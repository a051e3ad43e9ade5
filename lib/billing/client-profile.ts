import { toClientView } from "../clients/client-view";
import { toAmountList } from "../domain/money";
import { NotFoundError } from "../errors/application-errors";
import { readClientProfile } from "../store/billing-repository";
import { recordView } from "./billing-views";
import { profileActions } from "./profile-actions";
import { loadWidgetLayout } from "./profile-widgets";

/**
 * Everything the profile page shows, from one Query of the client's partition
 * (client, totals and latest records) and one read of the caller's widget
 * layout, whatever the number of billing records.
 */
export async function clientProfile(companyId: string, clientId: string, staffSub: string) {
  const [{ client, summary }, layout] = await Promise.all([
    readClientProfile(companyId, clientId),
    loadWidgetLayout(companyId, staffSub),
  ]);
  if (!client || client.pending) throw new NotFoundError("No client has this id.");
  return {
    client: await toClientView(client, "staff"),
    amountsDue: toAmountList(summary.due),
    credits: toAmountList(summary.credits),
    actions: profileActions(client.status),
    widgets: layout.order.map((id) => ({
      id,
      minimized: layout.minimized.includes(id),
      items: summary.recent[id].map((record) => recordView(id, record, client.currency)),
    })),
  };
}
