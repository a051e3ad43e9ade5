import type { Client } from "../../domain/client";
import type { ClientStatus } from "../../domain/client-constants";

/** The orders browse offers; each is served by its own index (lib/store/table.ts). */
export const BROWSE_SORTS = ["number", "firstName", "lastName", "company", "email", "createdAt"] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];

/** What browse and search list for each client. */
export interface ClientSummary {
  id: string;
  number: number;
  firstName: string;
  lastName: string;
  company: string | null;
  email: string;
  username: string;
  status: ClientStatus;
  groupId: string;
  createdAt: string;
}

export function toClientSummary(client: Client): ClientSummary {
  return {
    id: client.id,
    number: client.number,
    firstName: client.firstName,
    lastName: client.lastName,
    company: client.company,
    email: client.email,
    username: client.username,
    status: client.status,
    groupId: client.groupId,
    createdAt: client.createdAt,
  };
}

/** A client a mass mailer may write to, with the record of their consent. */
export interface AudienceMember {
  clientId: string;
  number: number;
  email: string;
  firstName: string;
  lastName: string;
  language: string;
  consent: { changedAt: string; source: Client["marketing"]["source"] };
}

/** Only active clients who opted in are in the audience. */
export function toAudienceMember(client: Client): AudienceMember | null {
  if (client.status !== "active" || !client.marketing.optIn) return null;
  return {
    clientId: client.id,
    number: client.number,
    email: client.email,
    firstName: client.firstName,
    lastName: client.lastName,
    language: client.language,
    consent: { changedAt: client.marketing.changedAt, source: client.marketing.source },
  };
}
