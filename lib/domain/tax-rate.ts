import * as z from "zod";
import { onFirstUse } from "./on-first-use";

// Apart from lib/domain/billing.ts: the company and group schemas take a tax rate, and importing it from the
// billing schemas' module built all of those in every function that reads a company or a group.

/** A tax rate as a percentage from 0 to 100 with up to 4 decimals, e.g. `"20"` or `"7.25"`. */
export const taxRateSchema = onFirstUse(() =>
  z.string().regex(/^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/, "Use a percentage from 0 to 100 such as 20 or 7.25."),
);
