import * as z from "zod";
import { BILLING_KINDS, type BillingKind } from "../domain/billing";
import { onFirstUse } from "../domain/on-first-use";
import { getWidgetLayout, putWidgetLayout } from "../store/billing-repository";

/** The widgets of the client profile page, in their default order. */
export const PROFILE_WIDGETS = BILLING_KINDS;
export type ProfileWidget = BillingKind;

const PAGE = "client-profile";

export interface WidgetLayout {
  order: ProfileWidget[];
  minimized: ProfileWidget[];
}

const widgetIds = onFirstUse(() =>
  z
    .array(z.enum(PROFILE_WIDGETS, { error: `Unknown widget: use ${PROFILE_WIDGETS.join(", ")}.` }))
    .max(PROFILE_WIDGETS.length)
    .refine((ids) => new Set(ids).size === ids.length, "List each widget once."),
);

export const widgetLayoutSchema = onFirstUse(() =>
  z.strictObject({ order: widgetIds(), minimized: widgetIds() }).meta({ id: "WidgetLayout" }),
);

/**
 * A layout with every current widget exactly once: saved ids that no longer
 * exist are dropped and widgets added since are appended in default order,
 * so a saved layout never hides a new widget.
 */
export function completeLayout(saved: { order: string[]; minimized: string[] } | null): WidgetLayout {
  const known = (ids: string[]) => ids.filter((id): id is ProfileWidget => PROFILE_WIDGETS.includes(id as never));
  const order = known(saved?.order ?? []);
  return {
    order: [...order, ...PROFILE_WIDGETS.filter((id) => !order.includes(id))],
    minimized: known(saved?.minimized ?? []),
  };
}

/** The staff member's layout in their company, or the default one when none is saved. */
export async function loadWidgetLayout(companyId: string, staffSub: string): Promise<WidgetLayout> {
  return completeLayout(await getWidgetLayout(companyId, staffSub, PAGE));
}

export async function saveWidgetLayout(companyId: string, staffSub: string, layout: WidgetLayout) {
  const complete = completeLayout(layout);
  await putWidgetLayout(companyId, staffSub, PAGE, complete);
  return complete;
}
