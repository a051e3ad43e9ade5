import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Epoch ms when the whole body had arrived. */
  receivedAt: number;
  /** What the receiver did with it. */
  answered: "ok" | "fail" | "hang";
}

type Behaviour = "ok" | "fail" | "hang";

/**
 * A webhook receiver on loopback (node:http) that records every request and
 * answers as told: 200 by default, or fail (500) or hang (never answer) for
 * the next requests, or fail everything while `down`.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly plan: Behaviour[] = [];
  down = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () =>
        receiver!.answer(request.url ?? "", request.headers, Buffer.concat(chunks).toString("utf8"), response),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiver = new WebhookReceiver(server, (server.address() as AddressInfo).port);
    return receiver;
  }

  private answer(path: string, headers: IncomingHttpHeaders, body: string, response: ServerResponse): void {
    const behaviour: Behaviour = this.down ? "fail" : (this.plan.shift() ?? "ok");
    this.requests.push({ path, headers, body, receivedAt: Date.now(), answered: behaviour });
    if (behaviour === "hang") return;
    response.writeHead(behaviour === "ok" ? 200 : 500, { "content-type": "text/plain" });
    response.end(behaviour === "ok" ? "thanks" : "receiver failure ".repeat(1000));
  }

  /** The next requests get these answers, in order; then 200 again. */
  next(...behaviours: Behaviour[]): void {
    this.plan.push(...behaviours);
  }

  url(path = "/hook"): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Requests carrying this event id. */
  deliveriesOf(eventId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.headers["clientele-event-id"] === eventId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
