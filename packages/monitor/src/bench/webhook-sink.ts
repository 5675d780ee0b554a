// The receiver of the webhook part: a plain node:http server on loopback that answers every POST
// with 200, or 503 while an outage is on, and hands each request over with the moment its body
// had fully arrived (epochMs, the clock the bench stamps its posts with).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { epochMs } from './saba-child.ts';

/**
 * The header Saba's HTTP channels carry the delivery's idempotency key in (packages/notify
 * `IDEMPOTENCY_HEADER`; node:http lower-cases names). Written out: the monitor package does not
 * depend on notify.
 */
const KEY_HEADER = 'x-saba-idempotency-key';

/** One webhook request as the sink saw it. */
export interface SinkRequest {
  /** When its body had arrived (epoch ms, `epochMs`). */
  readonly atMs: number;
  /** What the sink answered: 200, or 503 during an outage. */
  readonly status: 200 | 503;
  /** The idempotency key header ('' when absent). */
  readonly key: string;
  readonly body: string;
}

/** A running sink. */
export interface WebhookSink {
  /** `http://127.0.0.1:<port>/hook`, for the channel's `url`. */
  readonly url: string;
  /** Answers 503 until epoch ms `untilMs`, then 200 again. */
  failUntil(untilMs: number): void;
  close(): Promise<void>;
}

/** Starts a sink that calls `onRequest` for each webhook once its body is read and answered. */
export async function startWebhookSink(onRequest: (r: SinkRequest) => void): Promise<WebhookSink> {
  let failingUntil = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const atMs = epochMs();
      const status = atMs < failingUntil ? 503 : 200;
      const key = req.headers[KEY_HEADER];
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'down for the bench');
      onRequest({
        atMs,
        status,
        key: typeof key === 'string' ? key : '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    failUntil: (untilMs) => {
      failingUntil = untilMs;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
