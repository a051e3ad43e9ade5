import * as z from "zod";
import { currencyCode, languageTag } from "./locale";
import { onFirstUse } from "./on-first-use";
import { taxRateSchema } from "./tax-rate";

export interface GroupSettings {
  defaultCurrency?: string;
  defaultLanguage?: string;
  taxExemptByDefault: boolean;
  allowSignup: boolean;
  /** Overrides the company's tax rate for the group's clients. */
  taxRate?: string;
}

export interface ClientGroup {
  id: string;
  name: string;
  description: string;
  color: string;
  settings: GroupSettings;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const GENERAL_GROUP_NAME = "General";

const settingsSchema = onFirstUse(() =>
  z.strictObject({
    defaultCurrency: currencyCode().optional(),
    defaultLanguage: languageTag().optional(),
    taxExemptByDefault: z.boolean().default(false),
    allowSignup: z.boolean().default(false),
    taxRate: taxRateSchema().optional(),
  }),
);

export const groupSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      color: z.string(),
      settings: z.object({
        defaultCurrency: z.string().optional(),
        defaultLanguage: z.string().optional(),
        taxExemptByDefault: z.boolean(),
        allowSignup: z.boolean(),
        taxRate: z.string().optional(),
      }),
      isDefault: z.boolean(),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number().int(),
    })
    .meta({ id: "ClientGroup" }),
);

export const groupCreateSchema = onFirstUse(() =>
  z
    .strictObject({
      name: z.string().trim().min(1).max(100),
      description: z.string().max(1000).default(""),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour such as #1f6feb.")
        .default("#6b7280"),
      settings: settingsSchema().default({ taxExemptByDefault: false, allowSignup: false }),
    })
    .meta({ id: "ClientGroupCreate" }),
);

export const groupPatchSchema = onFirstUse(() =>
  z
    .strictObject({
      name: z.string().trim().min(1).max(100),
      description: z.string().max(1000),
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour such as #1f6feb."),
      settings: settingsSchema().partial(),
    })
    .partial()
    .meta({ id: "ClientGroupPatch" }),
);

export type GroupCreate = z.output<ReturnType<typeof groupCreateSchema>>;
export type GroupPatch = z.output<ReturnType<typeof groupPatchSchema>>;
