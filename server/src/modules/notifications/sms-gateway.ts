// The SMS gateway port and its HTTP adapter. The adapter posts `{ to, text }` as JSON to the configured
// URL with `Authorization: Bearer <key>` and `Idempotency-Key: <outbox row id>`, and reads
// `{ messageId }` from a 2xx answer. A gateway that honours the key sends one message per key however
// often it is asked (`idempotent`); 429 and 5xx are retried, other 4xx are final.
export interface SmsMessage {
  /** The mobile number. */
  to: string;
  text: string;
  /** Stable per outbox row: the same row asked again is the same message. */
  idempotencyKey: string;
}

export interface SmsGateway {
  readonly idempotent: boolean;
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

export class SmsGatewayError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
    this.name = 'SmsGatewayError';
  }
}

export interface HttpSmsGatewayConfig {
  url: string;
  key: string;
  /** Whether the gateway honours Idempotency-Key (default true). */
  idempotent?: boolean;
  timeoutMs?: number;
}

export class HttpSmsGateway implements SmsGateway {
  readonly idempotent: boolean;
  constructor(private readonly config: HttpSmsGatewayConfig) {
    this.idempotent = config.idempotent ?? true;
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    let response: Response;
    try {
      response = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.config.key}`, 'idempotency-key': message.idempotencyKey },
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new SmsGatewayError(`短信网关无法连接：${error instanceof Error ? error.message : String(error)}`, true);
    }
    const text = await response.text();
    if (!response.ok) {
      const retry = response.status === 429 || response.status >= 500;
      throw new SmsGatewayError(`短信网关拒绝发送（HTTP ${response.status}）：${text.slice(0, 200)}`, retry);
    }
    let messageId: unknown;
    try {
      messageId = (JSON.parse(text) as { messageId?: unknown }).messageId;
    } catch {
      messageId = undefined;
    }
    return { messageId: typeof messageId === 'string' ? messageId : '' };
  }
}
