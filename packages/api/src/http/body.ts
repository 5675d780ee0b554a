import type { IncomingMessage } from 'node:http';
import { BadDataError, TooLargeError } from '@saba/model';

/**
 * Reads the whole request body, refusing (and draining) one over `maxBytes`. Chunks are kept in
 * a list and joined once: an agent post of 100 metrics is ~8 KB, usually one chunk.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > maxBytes) {
      req.resume();
      reject(new TooLargeError(`request body of ${declared} bytes is over the limit of ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        reject(new TooLargeError(`request body is over the limit of ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

/** Parses a JSON body; an empty (or whitespace-only) body is `undefined`. */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadDataError(`request body is not valid JSON: ${(err as Error).message}`);
  }
}
