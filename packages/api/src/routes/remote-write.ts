// Prometheus remote_write 1.0 at POST /api/v1/write (docs/remote-write.md). Answers as
// Prometheus's own receiver does, so that senders retry what they should: 204 when stored; 400
// (not retried) for a malformed request, an invalid series, or samples outside the accepted
// window; 5xx and 429 (retried) when storage cannot take the write now. Error bodies are plain
// text, because senders log the body as it is.

import { BadDataError } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Reply, Route } from '../http/route.ts';

/**
 * The largest compressed body: snappy shrinks a WriteRequest ~4–8× (label sets repeat), and the
 * decompressed size is bounded on its own (DEFAULT_MAX_DECODED_BYTES, 32 MiB); a default batch
 * of 2,000 samples is ~100 KB compressed.
 */
const MAX_REMOTE_WRITE_BODY = 16 << 20;

const NO_CONTENT: Reply = { status: 204, bytes: new Uint8Array(0) };
const PLAIN_TEXT = { 'content-type': 'text/plain; charset=utf-8' } as const;

/** An error as Prometheus's receiver answers it: the message as plain text and a newline. */
function textError(_status: number, message: string): Reply {
  return { bytes: Buffer.from(`${message}\n`), headers: PLAIN_TEXT };
}

/** The remote_write receiver: one route, any API key with write permission. */
export function remoteWriteRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/write',
      access: 'write',
      name: 'remote_write',
      maxBodyBytes: MAX_REMOTE_WRITE_BODY,
      parseJson: false,
      // Prometheus sends the key as configured: `headers: {X-Api-Key: …}` or `authorization: {credentials: …}` (Bearer).
      senderKeyHeaders: true,
      errorReply: textError,
      handler: async ({ principal, rawBody }) => {
        const r = await deps.remoteWrite.write(principal.orgId, rawBody);
        // Prometheus answers 400 for samples too old for its head, so that senders drop them
        // rather than retry forever; the samples in the window are stored either way.
        if (r.outOfWindow > 0) {
          throw new BadDataError(
            `${r.outOfWindow} of ${r.samples} samples were outside the accepted time window (about a day either side of now) and were dropped; the other ${r.accepted} were stored`,
          );
        }
        return NO_CONTENT;
      },
    },
  ];
}
