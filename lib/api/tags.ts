/** The document's tags in the order a reader meets them; every route names one of these. */
export const TAGS: Readonly<Record<string, string>> = {
  "Sign-in": "Tokens for staff and clients: sign in with a username and password, refresh without one.",
  "Password recovery": "Forgotten passwords and email verification: links sent by email, each single use and expiring.",
  Public: "What anyone may read without a token: health, countries, this reference, the signup form and its API.",
  Company: "The settings of the caller's company (tenant): currencies, languages, client numbers, signup group.",
  "Client groups": "Groups that clients belong to, with defaults for new clients; every company has a default group.",
  "Custom fields": "Extra client fields a group defines: text, textarea, checkbox or select, optionally encrypted.",
  "Email templates": "The emails the company sends (account registration, ...), one template per language.",
  Clients: "Client records and their lifecycle: create, change, status, password, registration email, history.",
  "Finding clients":
    "Browse with filters and six orders, search by word prefixes, duplicates, and the marketing audience.",
  "Data in and out": "Export clients as CSV or JSON Lines, a client's data as one document, and erasing a client.",
  "Client profile": "The client profile page in one request, and each staff member's layout of its widgets.",
  "Billing records": "A client's invoices, payments, credits, refunds and services, as the profile shows them.",
  Staff:
    "The company's staff team (admins): invitations, roles, disabling, removal, history; and each member's own profile, password and MFA.",
  Imports: "Clients moved in from a CSV file (ours, or a WHMCS or Blesta export): a dry run, then a job.",
  "Own account": "What a signed-in client may see and change of their own account.",
  Webhooks:
    "Signed HTTP POSTs to your endpoints for every change: endpoints, their secrets, test pings, delivery logs, redelivery.",
};
