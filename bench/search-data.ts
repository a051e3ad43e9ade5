/**
 * Synthetic clients for the search benchmark: deterministic (client i is the
 * same on every run), drawn independently from fixed lists, so a company of
 * 100,000 looks like a company of 1,000, only larger.
 */
import type { ClientStatus } from "../lib/domain/client";
import type { StoredClient } from "../lib/store/client-repository";

const FIRST_NAMES = (
  "Ada Alan Alice Amelia Ana Andrea André Anna Anton Beatriz Ben Carla Carlos Chloé Chris Clara Daniel David Eli " +
  "Elena Emil Emma Érica Eva Felix Fatima Grace Hana Hugo Ian Inès Isabel Ivan Jack James Jana João John José Julia " +
  "Kai Karen Lara Laura Leo Liam Lina Lucas Luis Maja Marco Maria Mark Marta Mateo Mia Nina Noah Nora Olga Omar " +
  "Oscar Paula Pedro Rosa Ruth Sam Sara Sofia Søren Tom Vera Zoë Zoe"
).split(" ");

const LAST_NAMES = (
  "Smith Jones García Müller Schmidt Rossi Dubois Novak Kowalski Nielsen Jensen Hansen Johansson Andersson Silva " +
  "Santos Pereira Costa Martin Bernard Lefèvre Moreau Fischer Weber Meyer Wagner Becker Hoffmann Schulz Koch Richter " +
  "Klein Wolf Neumann Braun Zimmermann Krüger Hartmann Lange Werner López Martínez Sánchez Pérez Gómez Fernández Ruiz " +
  "Díaz Moreno Álvarez Romero Navarro Torres Domínguez Vázquez Ramos Gil Serrano Blanco Molina Ortiz Rubio Marín Sanz " +
  "Iglesias Núñez Medina Garrido O'Brien O'Connor Murphy Kelly Walsh Byrne Ryan Brown Taylor Wilson Evans Thomas " +
  "Roberts Walker Wright Thompson White Hughes Edwards Green Hall Wood Harris Lewis Clarke Jackson Turner Hill Moore " +
  "Cooper Ward Morris King Baker Ng Chen Wang Li Zhang Liu Yamamoto Tanaka Suzuki Sato Kim Park Lee Nguyen Tran Pham"
).split(" ");

const COMPANY_WORDS = (
  "Acme Apex Atlas Aurora Beacon Cedar Cobalt Crest Delta Echo Ember Falcon Fjord Granite Harbor Helix Horizon Iris " +
  "Juniper Keystone Lumen Maple Meridian Nimbus Nova Oak Orbit Pine Polar Quartz Radiant Ridge River Sable Sierra " +
  "Summit Tidal Titan Vertex Vista Willow Zenith"
).split(" ");
const COMPANY_KINDS = "Hosting Labs Ltd GmbH Networks Studio Media Systems Cloud Digital".split(" ");
const MAIL_DOMAINS = ["mail.example", "post.example", "inbox.example", "web.example"];

export const BENCH_GROUPS = { general: "grp_benchgeneral", vip: "grp_benchvip", trade: "grp_benchtrade" };

/** A small fast PRNG (mulberry32): the same seed gives the same client. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slug = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");

const CREATED_FROM = Date.UTC(2020, 0, 1);

/** Client `i` of the benchmark company: 85% active, 10% inactive, 5% fraud; 70/20/10% over three groups. */
export function benchClient(companyId: string, i: number): StoredClient {
  const next = random(i * 7919 + 17);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const firstName = pick(FIRST_NAMES);
  const lastName = pick(LAST_NAMES);
  const company = next() < 0.6 ? `${pick(COMPANY_WORDS)} ${pick(COMPANY_KINDS)}` : null;
  const email = company
    ? `${slug(firstName)}.${slug(lastName)}@${slug(company)}.example`
    : `${slug(firstName)}${Math.floor(next() * 1000)}@${pick(MAIL_DOMAINS)}`;
  const statusDraw = next();
  const status: ClientStatus = statusDraw < 0.85 ? "active" : statusDraw < 0.95 ? "inactive" : "fraud";
  const groupDraw = next();
  const groupId = groupDraw < 0.7 ? BENCH_GROUPS.general : groupDraw < 0.9 ? BENCH_GROUPS.vip : BENCH_GROUPS.trade;
  const phoneNumber = `+44 20 7946 ${String(Math.floor(next() * 10_000)).padStart(4, "0")}`;
  const hasPhone = next() < 0.3;
  const createdAt = new Date(CREATED_FROM + i * 60_000).toISOString();
  const id = `cl_bench${String(i).padStart(12, "0")}`;
  return {
    id,
    companyId,
    number: 1500 + i,
    firstName,
    lastName,
    company,
    title: null,
    address1: null,
    address2: null,
    city: null,
    country: "GB",
    state: null,
    zip: null,
    email,
    phones: hasPhone
      ? [{ type: "phone", location: "work", number: phoneNumber, e164: `+${phoneNumber.replace(/\D/g, "")}` }]
      : [],
    defaultFax: null,
    taxExempt: false,
    taxId: null,
    currency: "GBP",
    username: email,
    usernameIsEmail: true,
    language: "en",
    groupId,
    status,
    marketing: { optIn: next() < 0.4, changedAt: createdAt, source: "staff" },
    customFields: {},
    encryptedFields: null,
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}
