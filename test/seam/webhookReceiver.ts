/**
 * A real webhook receiver on 127.0.0.1, as an integrator would run one: every delivery is verified with Seam's own
 * `SeamWebhook(secret).verify(body, headers)` (Standard Webhooks), with the secret registered for its path. A
 * delivery that does not verify is kept in `unverifiable` (tests assert it stays empty). It can answer with another
 * status, or go down (its port closed: connections refused) and come back on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SeamWebhook } from '@seamapi/webhook';

export interface ReceivedEvent {
  path: string;
  event: Record<string, unknown> & { event_id: string; event_type: string };
  headers: IncomingHttpHeaders;
}

export class WebhookReceiver {
  readonly received: ReceivedEvent[] = [];
  readonly unverifiable: { path: string; reason: string }[] = [];
  /** Every request that reached the receiver (verified or not), with the status it answered. */
  readonly hits: { path: string; status: number }[] = [];
  /** What it answers to a verified delivery, by path (200 unless set). */
  readonly status = new Map<string, number>();
  readonly #secrets = new Map<string, { promise: Promise<string>; resolve: (secret: string) => void }>();
  #server: Server | undefined;
  #port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.up();
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  /** The secret deliveries to `path` are signed with (known once the webhook is registered: they wait for it). */
  secretFor(path: string, secret: string): void {
    this.#entry(path).resolve(secret);
  }

  /** Verified events that came to `path`, in arrival order. */
  events(path: string, type?: string): ReceivedEvent['event'][] {
    return this.received.filter((r) => r.path === path && (!type || r.event.event_type === type)).map((r) => r.event);
  }

  #entry(path: string) {
    let entry = this.#secrets.get(path);
    if (!entry) {
      let resolve: (secret: string) => void = () => undefined;
      const promise = new Promise<string>((r) => {
        resolve = r;
      });
      entry = { promise, resolve };
      this.#secrets.set(path, entry);
    }
    return entry;
  }

  /** Listens (again, on the same port once it had one). */
  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        void this.#entry(path).promise.then((secret) => {
          let status = this.status.get(path) ?? 200;
          try {
            const headers = Object.fromEntries(
              Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
            );
            const event = new SeamWebhook(secret).verify(body, headers) as unknown as ReceivedEvent['event'];
            if (status >= 200 && status < 300) this.received.push({ path, event, headers: req.headers });
          } catch (error) {
            this.unverifiable.push({ path, reason: String(error) });
            status = 400;
          }
          this.hits.push({ path, status });
          res.writeHead(status).end();
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Closes the port: deliveries now meet a refused connection. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stop(): Promise<void> {
    return this.down();
  }
}
