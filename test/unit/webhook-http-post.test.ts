import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { postJson, RESPONSE_EXCERPT_LENGTH } from "../../lib/webhooks/http-post";
import type { CheckedTarget } from "../../lib/webhooks/url-guard";

/** Receivers on loopback only: the target is built by hand, as the guard would build it for an approved address. */
const servers: Server[] = [];

async function receiver(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(answer);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const targetOf = (url: string): CheckedTarget => ({ url: new URL(url), address: "127.0.0.1", family: 4 });

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("posting one webhook", () => {
  test("an answer that never ends is read up to the cap, then the attempt ends as the status says", async () => {
    const megabyte = Buffer.alloc(1024 * 1024, "x");
    let chunksWritten = 0;
    const url = await receiver((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      const pour = () => {
        // Stops only when the connection closes: without the cap, the attempt would wait for its timeout.
        while (!response.destroyed && response.write(megabyte)) chunksWritten += 1;
        if (!response.destroyed) response.once("drain", pour);
      };
      pour();
    });

    const outcome = await postJson(targetOf(url), "{}", {}, 60_000);

    expect(outcome).toMatchObject({ status: 200, error: null });
    expect(outcome.excerpt).toBe("x".repeat(RESPONSE_EXCERPT_LENGTH));
    expect(chunksWritten).toBeLessThan(64);
  });

  test("a redirect is a failed attempt and is not followed", async () => {
    let redirectedTo = 0;
    const elsewhere = await receiver((_request, response) => {
      redirectedTo += 1;
      response.end("ok");
    });
    const url = await receiver((request, response) => {
      request.resume();
      response.writeHead(307, { location: elsewhere }).end();
    });

    const outcome = await postJson(targetOf(url), '{"type":"ping"}', {}, 10_000);

    expect(outcome).toMatchObject({ status: 307, error: "http-307" });
    expect(redirectedTo).toBe(0);
  });

  test("the body, its length and the URL's host reach the checked address", async () => {
    let seen: { host?: string; length?: string; body: string } = { body: "" };
    const url = await receiver((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        seen = { host: request.headers.host, length: request.headers["content-length"], body };
        response.writeHead(204).end();
      });
    });
    const port = new URL(url).port;
    // The URL names a host that resolves nowhere: the connection goes to the checked address all the same.
    const target: CheckedTarget = {
      url: new URL(`http://hooks.example.test:${port}/hook`),
      address: "127.0.0.1",
      family: 4,
    };

    const outcome = await postJson(target, '{"type":"ping","é":1}', { "x-test": "1" }, 10_000);

    expect(outcome).toMatchObject({ status: 204, error: null });
    expect(seen).toEqual({
      host: `hooks.example.test:${port}`,
      length: String(Buffer.byteLength('{"type":"ping","é":1}')),
      body: '{"type":"ping","é":1}',
    });
  });
});
