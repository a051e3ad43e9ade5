/**
 * Every key of the single table is built here, and every key starts inside a
 * company (except the installation-wide uniqueness, identity, attempt-limit and
 * password-reset request items, and the outbox-due index), so a request can only build keys within its caller's company.
 * The access patterns they serve are listed in lib/store/README.md.
 */
export interface Key {
  pk: string;
  sk: string;
}

const company = (companyId: string) => `CO#${companyId}`;
const client = (companyId: string, clientId: string) => `CO#${companyId}#CL#${clientId}`;

export const keys = {
  installation: (): Key => ({ pk: "INSTALLATION", sk: "META" }),
  company: (companyId: string): Key => ({ pk: company(companyId), sk: "META" }),
  clientCounter: (companyId: string): Key => ({ pk: company(companyId), sk: "COUNTER#client" }),
  group: (companyId: string, groupId: string): Key => ({ pk: company(companyId), sk: `GROUP#${groupId}` }),
  groupPrefix: (companyId: string) => ({ pk: company(companyId), skPrefix: "GROUP#" }),
  customField: (companyId: string, fieldId: string): Key => ({ pk: company(companyId), sk: `FIELD#${fieldId}` }),
  customFieldPrefix: (companyId: string) => ({ pk: company(companyId), skPrefix: "FIELD#" }),
  template: (companyId: string, templateId: string, language: string): Key => ({
    pk: company(companyId),
    sk: `TPL#${templateId}#${language.toLowerCase()}`,
  }),
  client: (companyId: string, clientId: string): Key => ({ pk: client(companyId, clientId), sk: "PROFILE" }),
  clientPartition: (companyId: string, clientId: string) => ({ pk: client(companyId, clientId) }),
  clientHistory: (companyId: string, clientId: string, at: string, eventId: string): Key => ({
    pk: client(companyId, clientId),
    sk: `HIST#${at}#${eventId}`,
  }),
  clientHistoryPrefix: (companyId: string, clientId: string) => ({
    pk: client(companyId, clientId),
    skPrefix: "HIST#",
  }),
  outbox: (companyId: string, clientId: string, messageId: string): Key => ({
    pk: client(companyId, clientId),
    sk: `OUTBOX#${messageId}`,
  }),
  outboxPrefix: (companyId: string, clientId: string) => ({ pk: client(companyId, clientId), skPrefix: "OUTBOX#" }),
  /** An email to a staff member (password reset, invitation): the client outbox's twin, outside any client. */
  staffOutbox: (companyId: string, staffId: string, messageId: string): Key => ({
    pk: `${company(companyId)}#STAFF#${staffId}`,
    sk: `OUTBOX#${messageId}`,
  }),
  /**
   * The one partition of the outbox-due index (lib/store/table.ts): every unfinished message of the
   * installation, ordered by when the sweep should look at it. Its writes follow the email volume.
   */
  outboxDuePartition: (): string => "OUTBOX#DUE",
  /** Usernames are unique across the installation, compared in lower case. */
  username: (username: string): Key => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: "USERNAME" }),
  /**
   * Maps a Cognito subject to its company and its client or staff record: the
   * only source of who a token's bearer is (token claims are never trusted).
   */
  identity: (userPoolId: string, sub: string): Key => ({ pk: `IDENTITY#${userPoolId}#${sub}`, sk: "IDENTITY" }),
  staffMember: (companyId: string, staffId: string): Key => ({ pk: company(companyId), sk: `STAFF#${staffId}` }),
  staffPrefix: (companyId: string) => ({ pk: company(companyId), skPrefix: "STAFF#" }),
  /**
   * How many of the company's staff are active admins, changed in the same transaction as any member whose
   * role or status moves them in or out of that set: its condition (`count > 1`) keeps the last one.
   */
  activeAdminCounter: (companyId: string): Key => ({ pk: company(companyId), sk: "COUNTER#active-admins" }),
  /** A staff member's history, in its own partition so that it outlives the member (who deleted whom). */
  staffHistory: (companyId: string, staffId: string, at: string, eventId: string): Key => ({
    pk: `${company(companyId)}#STAFFHIST#${staffId}`,
    sk: `HIST#${at}#${eventId}`,
  }),
  staffHistoryPrefix: (companyId: string, staffId: string) => ({
    pk: `${company(companyId)}#STAFFHIST#${staffId}`,
    skPrefix: "HIST#",
  }),
  /** A staff member's TOTP secret (sealed), its state, the last time step used and the failed-code count. */
  staffMfa: (companyId: string, staffId: string): Key => ({ pk: company(companyId), sk: `STAFFMFA#${staffId}` }),
  /**
   * A sign-in waiting for its TOTP code (TTL `expiresAt`), by the SHA-256 of the session value the caller
   * holds; the Cognito tokens in it are sealed under a key derived from that value, which is never stored.
   */
  mfaChallenge: (sessionHash: string): Key => ({ pk: `MFACHALLENGE#${sessionHash}`, sk: "CHALLENGE" }),
  /**
   * A sign-in (by its `auth_time` and Cognito `event_id`) of a member with MFA on that passed our code check (TTL `expiresAt`): only
   * such sign-ins' tokens are accepted, so a password-only sign-in straight against Cognito gets nowhere.
   */
  mfaSignIn: (companyId: string, staffId: string, signIn: { authTime: number; eventId: string }): Key => ({
    pk: `${company(companyId)}#MFASIGNIN#${staffId}`,
    sk: `${signIn.authTime}#${signIn.eventId}`,
  }),
  /** A sign-in session, by the SHA-256 of its refresh token (TTL `expiresAt`): checked on every refresh. */
  session: (refreshTokenHash: string): Key => ({ pk: `SESSION#${refreshTokenHash}`, sk: "SESSION" }),
  /**
   * A one-time token (password reset, email verification, staff invitation) by the SHA-256 of the token
   * (TTL `expiresAt`): installation-wide, since a link's token is all its follower brings.
   */
  oneTimeToken: (tokenHash: string): Key => ({ pk: `TOKEN#${tokenHash}`, sk: "TOKEN" }),
  /** The hash of the latest one-time token of a purpose for one person: an older token no longer works. */
  latestOneTimeToken: (companyId: string, audience: string, subjectId: string, purpose: string): Key => ({
    pk: `${company(companyId)}#TOKENS#${audience}#${subjectId}`,
    sk: `LATEST#${purpose}`,
  }),
  /** Every token issued to one person, so a delete or an erasure finds them all (replaced ones included). */
  issuedOneTimeToken: (companyId: string, audience: string, subjectId: string, tokenHash: string): Key => ({
    pk: `${company(companyId)}#TOKENS#${audience}#${subjectId}`,
    sk: `ISSUED#${tokenHash}`,
  }),
  oneTimeTokensOf: (companyId: string, audience: string, subjectId: string) => ({
    pk: `${company(companyId)}#TOKENS#${audience}#${subjectId}`,
  }),
  idempotency: (companyId: string, scope: string, idempotencyKey: string): Key => ({
    pk: `${company(companyId)}#IDEM#${scope}`,
    sk: idempotencyKey,
  }),
  /** Every idempotency record of one operation in the company (at most 24 hours of them). */
  idempotencyPartition: (companyId: string, scope: string) => ({ pk: `${company(companyId)}#IDEM#${scope}` }),
  /**
   * A signup attempt counter (TTL `expiresAt`), one per counted subject (e.g. `ip#203.0.113.7`) for the
   * whole installation: usernames are unique installation-wide, so a per-company count would let one
   * prober try each company in turn.
   */
  signupAttempts: (subject: string): Key => ({ pk: `SIGNUP#${subject}`, sk: "ATTEMPTS" }),
  /**
   * A password-recovery attempt counter (TTL `expiresAt`), installation-wide like the signup counters: per
   * source network, and per digest of the probed username and audience.
   */
  recoveryAttempts: (subject: string): Key => ({ pk: `RECOVERY#${subject}`, sk: "ATTEMPTS" }),
  /**
   * A client's forgot-password request, accepted and waiting for the password-reset worker (TTL
   * `expiresAt`): installation-wide, as the request path does not know (nor look up) whose username it is.
   */
  passwordResetRequest: (requestId: string): Key => ({ pk: `RESETREQ#${requestId}`, sk: "REQUEST" }),
  /**
   * A client's own email (and so username) changes counter (TTL `expiresAt`). Outside the client's
   * partition: it must outlive neither the window nor the client, and expires by itself.
   */
  ownIdentityChanges: (companyId: string, clientId: string): Key => ({
    pk: `${company(companyId)}#IDCHANGES#${clientId}`,
    sk: "ATTEMPTS",
  }),
  /** A client's verification emails counter (TTL `expiresAt`): each resend is an email someone receives. */
  verificationEmails: (companyId: string, clientId: string): Key => ({
    pk: `${company(companyId)}#VERIFYMAIL#${clientId}`,
    sk: "ATTEMPTS",
  }),
  staffWidgets: (companyId: string, staffSub: string, page: string): Key => ({
    pk: `${company(companyId)}#STAFF#${staffSub}`,
    sk: `WIDGETS#${page}`,
  }),

  /** A CSV import job, in the company's partition; ids sort by creation time, so a descending Query is newest first. */
  importJob: (companyId: string, importId: string): Key => ({ pk: company(companyId), sk: `IMPORT#${importId}` }),
  importJobPrefix: (companyId: string) => ({ pk: company(companyId), skPrefix: "IMPORT#" }),
  /** One chunk of an import's rows (at most 100), read by the import worker from the stream. */
  importChunk: (companyId: string, importId: string, index: number): Key => ({
    pk: `${company(companyId)}#IMPORT#${importId}`,
    sk: `CHUNK#${String(index).padStart(5, "0")}`,
  }),

  // Finding clients (kept by lib/store/indexing/index-entries.ts). Browse entries live in
  // the client's partition, one per list the client appears in; the browse GSIs
  // key them by that list and a sort value. Search tokens and the marketing
  // audience are company-wide partitions read in key order.
  browseEntry: (companyId: string, clientId: string, list: string): Key => ({
    pk: client(companyId, clientId),
    sk: `BROWSE#${list}`,
  }),
  browsePartition: (companyId: string, filter: { status?: string; groupId?: string }): string =>
    `${company(companyId)}#BROWSE${filter.groupId ? `#GR#${filter.groupId}` : ""}${filter.status ? `#ST#${filter.status}` : ""}`,
  /** The value (null: the number is the value), then the zero-padded number; " " sorts below any value character. */
  browseSortValue: (value: string | null, number: number): string =>
    value === null ? String(number).padStart(12, "0") : `${value} ${String(number).padStart(12, "0")}`,
  /** `shelf` is the token's first letters it is filed under (lib/store/indexing/text.ts, tokenShelves). */
  searchToken: (companyId: string, shelf: string, token: string, clientId: string): Key => ({
    pk: `${company(companyId)}#TOKEN#${shelf}`,
    sk: `${token} ${clientId}`,
  }),
  /** The entries of one shelf whose token starts with `prefix`, in token order. */
  searchTokenPrefix: (companyId: string, shelf: string, prefix: string) => ({
    pk: `${company(companyId)}#TOKEN#${shelf}`,
    skPrefix: prefix,
  }),
  marketingAudience: (companyId: string, number: number, clientId: string): Key => ({
    pk: `${company(companyId)}#MARKETING`,
    sk: `${String(number).padStart(12, "0")}#${clientId}`,
  }),
  marketingAudiencePartition: (companyId: string) => ({ pk: `${company(companyId)}#MARKETING` }),
  /** One partition per normalised email, E.164 phone or folded full name (indexing/duplicate-keys.ts). */
  duplicateEntry: (companyId: string, kind: string, value: string, clientId: string): Key => ({
    pk: `${company(companyId)}#DUP#${kind}#${value}`,
    sk: clientId,
  }),
  duplicatePartition: (companyId: string, kind: string, value: string) => ({
    pk: `${company(companyId)}#DUP#${kind}#${value}`,
  }),

  // Billing records: in the client's partition, keyed by time-ordered ids, so
  // a descending Query on a prefix is newest first. The billing summary sorts
  // right after PROFILE, so one Query on the "PROFILE" prefix reads the client,
  // its running totals and its latest records, however many records it has.
  billingRecord: (companyId: string, clientId: string, kind: BillingRecordKind, recordId: string): Key => ({
    pk: client(companyId, clientId),
    sk: `${BILLING_PREFIXES[kind]}${recordId}`,
  }),
  billingRecordPrefix: (companyId: string, clientId: string, kind: BillingRecordKind) => ({
    pk: client(companyId, clientId),
    skPrefix: BILLING_PREFIXES[kind],
  }),
  billingSummary: (companyId: string, clientId: string): Key => ({
    pk: client(companyId, clientId),
    sk: "PROFILE#BILLING",
  }),
  clientProfilePrefix: (companyId: string, clientId: string) => ({
    pk: client(companyId, clientId),
    skPrefix: "PROFILE",
  }),
  invoiceCounter: (companyId: string): Key => ({ pk: company(companyId), sk: "COUNTER#invoice" }),

  // Webhooks (lib/webhooks). Endpoints sit in the company partition, events in their client's (keyed by
  // their time-ordered id), each endpoint's deliveries in a partition of its own.
  webhook: (companyId: string, webhookId: string): Key => ({ pk: company(companyId), sk: `WEBHOOK#${webhookId}` }),
  webhookPrefix: (companyId: string) => ({ pk: company(companyId), skPrefix: "WEBHOOK#" }),
  /**
   * A client's events live in its partition, so its delete purges them and its anonymising erases them;
   * an event about no client (a test ping) in a company-wide partition.
   */
  webhookEvent: (companyId: string, eventId: string, clientId?: string): Key =>
    clientId
      ? { pk: client(companyId, clientId), sk: `EVT#${eventId}` }
      : { pk: `${company(companyId)}#EVENTS`, sk: eventId },
  clientEventPrefix: (companyId: string, clientId: string) => ({ pk: client(companyId, clientId), skPrefix: "EVT#" }),
  webhookDelivery: (companyId: string, webhookId: string, deliveryId: string): Key => ({
    pk: `${company(companyId)}#WH#${webhookId}`,
    sk: `DLV#${deliveryId}`,
  }),
  webhookDeliveryPrefix: (companyId: string, webhookId: string) => ({
    pk: `${company(companyId)}#WH#${webhookId}`,
    skPrefix: "DLV#",
  }),
  /**
   * Pending webhook deliveries share the outbox-due index (lib/store/table.ts) under their own
   * partition value: the sweep Queries it for attempts whose time has come.
   */
  webhookDuePartition: (): string => "WEBHOOK#DUE",
};

export type BillingRecordKind = "invoices" | "transactions" | "services";
const BILLING_PREFIXES: Record<BillingRecordKind, string> = { invoices: "INV#", transactions: "TX#", services: "SVC#" };
