// A local SMS gateway for tests (the server's integration tests, the portal's browser tests): it takes
// what the HTTP SMS adapter posts, records every request, honours Idempotency-Key (one message per key,
// however often it is asked) and can fail the next requests — `failNext` with a 503 (retried by the
// dispatcher), `refuseNext` with a 400 (final: the row is failed for staff to see and retry).
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSmsRequest {
  at: number;
  key: string;
  to: string;
  text: string;
  authorization: string | undefined;
}

export class FakeSmsGateway {
  readonly requests: FakeSmsRequest[] = [];
  readonly delivered = new Map<string, { to: string; text: string; messageId: string }>();
  failNext = 0;
  refuseNext = 0;
  url = '';
  private server: Server | null = null;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void body(request).then((raw) => {
        const { to, text } = JSON.parse(raw) as { to: string; text: string };
        const key = String(request.headers['idempotency-key'] ?? '');
        this.requests.push({ at: Date.now(), key, to, text, authorization: request.headers.authorization });
        if (this.failNext > 0) {
          this.failNext--;
          response.writeHead(503).end('busy');
          return;
        }
        if (this.refuseNext > 0) {
          this.refuseNext--;
          response.writeHead(400).end('账户余额不足');
          return;
        }
        const known = this.delivered.get(key);
        const messageId = known?.messageId ?? `m${this.delivered.size + 1}`;
        if (!known) this.delivered.set(key, { to, text, messageId });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/send`;
  }

  /** The messages delivered to a number (each Idempotency-Key once). */
  messagesTo(phone: string): Array<{ to: string; text: string; messageId: string }> {
    return [...this.delivered.values()].filter((m) => m.to === phone);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const body = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => resolve(text));
  });
