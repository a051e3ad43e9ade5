import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { config } from "../config";

/** Every address a name resolves to (injected in tests, so no test ever asks a real DNS server). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

let resolver: Resolver = systemResolver;

/** Replaces DNS for this process: tests answer every lookup themselves, so none reaches a real DNS server. */
export function useResolver(replacement: Resolver): void {
  resolver = replacement;
}

/** Where a delivery may connect: the URL, and the one address checked for it. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type UnsafeUrlReason = "invalid" | "scheme" | "credentials" | "unresolvable" | "address";

export class UnsafeUrlError extends Error {
  constructor(
    readonly reason: UnsafeUrlReason,
    message: string,
  ) {
    super(message);
    this.name = "UnsafeUrlError";
  }
}

/**
 * Addresses no webhook may reach: this host, the private networks, link-local
 * (with the cloud metadata service 169.254.169.254), carrier-grade NAT,
 * multicast and reserved ranges, and the IPv6 forms that embed an IPv4 address
 * (mapped, NAT64, 6to4, Teredo) so none can smuggle one of the above.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["::", 96],
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

/** Whether a webhook may connect to this address (an IP literal, IPv6 possibly with a zone). */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 0) return false;
  return !BLOCKED.check(bare, family === 4 ? "ipv4" : "ipv6");
}

/** With the local setting, these hosts name this machine's loopback, over http or https. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** The URL, parsed and checked without any lookup: what creation refuses before resolving. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError("invalid", "Not a URL.");
  }
  const local = config().webhooks.allowLocalhost && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new UnsafeUrlError("scheme", "Webhook URLs must use https.");
  }
  if (url.username || url.password) {
    throw new UnsafeUrlError("credentials", "Put no user name or password in the URL; verify the signature instead.");
  }
  return url;
}

/**
 * Resolves the URL's host and checks EVERY address it resolves to, so a name
 * with one private address among public ones is refused too; the delivery then
 * connects to the checked address itself (lib/webhooks/http-post.ts), never
 * resolving again, so a name that rebinds between check and connect is caught.
 */
export async function checkWebhookUrl(raw: string): Promise<CheckedTarget> {
  const url = parseWebhookUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (config().webhooks.allowLocalhost && LOCAL_HOSTS.has(host)) return { url, address: "127.0.0.1", family: 4 };
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolver(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw new UnsafeUrlError("unresolvable", `${host} does not resolve.`);
  }
  if (!addresses.every(({ address }) => isPublicAddress(address))) {
    throw new UnsafeUrlError(
      "address",
      "The URL's host is, or resolves to, a private, loopback, link-local or otherwise internal address.",
    );
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
