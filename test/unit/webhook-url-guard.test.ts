// @ts-expect-error: the README's example is plain JavaScript.
import { verifyWebhook } from "../../docs/examples/verify-webhook.mjs";
import { resetConfig } from "../../lib/config";
import { signatureHeader } from "../../lib/webhooks/signature";
import { checkWebhookUrl, isPublicAddress, UnsafeUrlError, useResolver } from "../../lib/webhooks/url-guard";

/** Every lookup is answered here: no test asks a real DNS server, and nothing is ever connected to. */
const answers = new Map<string, string[]>();
useResolver(async (hostname) =>
  (answers.get(hostname) ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
);

const reasonOf = (url: string) =>
  checkWebhookUrl(url).then(
    () => "allowed",
    (error: unknown) => (error instanceof UnsafeUrlError ? error.reason : String(error)),
  );

describe("the webhook address guard", () => {
  beforeEach(() => {
    delete process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST;
    resetConfig();
  });

  test.each([
    "0.0.0.0",
    "10.0.0.1",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "169.254.169.254",
    "172.16.0.1",
    "192.168.1.1",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:169.254.169.254",
    "::ffff:7f00:1",
    "64:ff9b::a9fe:a9fe",
    "2002:a9fe:a9fe::1",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1%eth0",
    "ff02::1",
    "not-an-address",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test("refuses a name when any one of its addresses is internal, and a name that does not resolve", async () => {
    answers.set("metadata.example.test", ["169.254.169.254"]);
    answers.set("split.example.test", ["fd00:ec2::254", "10.1.2.3"]);
    expect(await reasonOf("https://metadata.example.test/")).toBe("address");
    expect(await reasonOf("https://split.example.test/")).toBe("address");
    expect(await reasonOf("https://nowhere.example.test/")).toBe("unresolvable");
    expect(await reasonOf("https://[::1]/")).toBe("address");
    expect(await reasonOf("https://0x7f.1/")).toBe("address");
  });

  test("https only, no credentials; the local setting allows http to localhost and 127.0.0.1 alone", async () => {
    expect(await reasonOf("http://localhost:3000/hook")).toBe("scheme");
    expect(await reasonOf("https://user:pw@localhost/")).toBe("credentials");
    expect(await reasonOf("not a url")).toBe("invalid");
    process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST = "true";
    resetConfig();
    expect(await reasonOf("http://localhost:3000/hook")).toBe("allowed");
    expect(await reasonOf("http://127.0.0.1:3000/hook")).toBe("allowed");
    expect(await reasonOf("http://[::1]:3000/hook")).toBe("scheme");
    expect(await reasonOf("http://127.0.0.2:3000/hook")).toBe("scheme");
    expect(await reasonOf("http://10.0.0.1/hook")).toBe("scheme");
  });
});

describe("signatures", () => {
  test("one v1 per secret, each verified by the README's example; a stale timestamp is refused", () => {
    const body = JSON.stringify({ id: "evt_1", type: "ping" });
    const now = Math.floor(Date.now() / 1000);
    const header = signatureHeader(["whsec_a", "whsec_b"], body, now);
    expect(header.match(/v1=[0-9a-f]{64}/g)).toHaveLength(2);
    expect(verifyWebhook(body, header, "whsec_a")).toBe(true);
    expect(verifyWebhook(body, header, "whsec_b")).toBe(true);
    expect(verifyWebhook(body, header, "whsec_c")).toBe(false);
    expect(verifyWebhook(`${body} `, header, "whsec_a")).toBe(false);
    expect(verifyWebhook(body, signatureHeader(["whsec_a"], body, now - 301), "whsec_a")).toBe(false);
  });
});
