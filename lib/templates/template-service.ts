import * as z from "zod";
import { loadCompany } from "../companies/company-service";
import { type EmailTemplateContent, TEMPLATE_IDS, type TemplateId } from "../domain/email-template";
import { onFirstUse } from "../domain/on-first-use";
import { InvalidInputError, NotFoundError } from "../errors/application-errors";
import { DEFAULT_TEMPLATES } from "../mail/default-templates";
import { PLACEHOLDERS, unknownPlaceholders } from "../mail/render";
import { getTemplate, putTemplate, type StoredTemplate } from "../store/template-repository";

export const templateBodySchema = onFirstUse(() =>
  z
    .strictObject({
      subject: z.string().trim().min(1).max(200),
      text: z.string().min(1).max(20_000),
      html: z.string().min(1).max(50_000),
    })
    .meta({ id: "EmailTemplate" }),
);

export const templateIdSchema = onFirstUse(() => z.enum(TEMPLATE_IDS));

async function assertLanguageOffered(companyId: string, language: string): Promise<void> {
  const company = await loadCompany(companyId);
  if (!company.languages.includes(language)) {
    throw new InvalidInputError([{ path: "language", message: `The company offers ${company.languages.join(", ")}.` }]);
  }
}

export async function readTemplate(companyId: string, templateId: string, language: string): Promise<StoredTemplate> {
  const template = await getTemplate(companyId, templateId, language);
  if (!template) throw new NotFoundError(`No ${templateId} template in ${language} yet; PUT one to create it.`);
  return template;
}

export async function writeTemplate(
  companyId: string,
  templateId: string,
  language: string,
  content: EmailTemplateContent,
): Promise<StoredTemplate> {
  await assertLanguageOffered(companyId, language);
  const errors = (["subject", "text", "html"] as const).flatMap((part) =>
    unknownPlaceholders(content[part]).map((name) => ({
      path: part,
      message: `Unknown placeholder {{${name}}}; use ${PLACEHOLDERS.join(", ")}.`,
    })),
  );
  if (errors.length > 0) throw new InvalidInputError(errors);
  const template: StoredTemplate = { templateId, language, ...content, updatedAt: new Date().toISOString() };
  await putTemplate(companyId, template);
  return template;
}

/**
 * The template in the recipient's language, else in the company's default language, else the built-in
 * English one (companies made before a template existed have none stored).
 */
export async function templateFor(
  companyId: string,
  templateId: TemplateId,
  language: string,
  fallback: string,
): Promise<EmailTemplateContent> {
  return (
    (await getTemplate(companyId, templateId, language)) ??
    (await getTemplate(companyId, templateId, fallback)) ??
    DEFAULT_TEMPLATES[templateId]
  );
}
