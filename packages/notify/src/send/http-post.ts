// The one HTTP client of the notify stage, over node:http/https rather than fetch: fetch (undici)
// pools connections and has no single deadline for connect + answer + body, and a notifier must
// neither keep sockets to hundreds of receivers open nor hang on one that never answers.
import http from 'node:http';
import https from 'node:https';
import type { HttpPost } from '../channels/kind.ts';

/** The most of an answer kept: receivers' bodies only go into error messages (64 KiB). */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Splits `user:pass@` off a URL into a Basic authorization value (spec api §19: credentials in the URL). */
function splitCredentials(url: URL): string | null {
  if (url.username === '' && url.password === '') return null;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/**
 * Posts a JSON body. Resolves with the status and (at most MAX_ANSWER_BYTES of) the answer for
 * any HTTP status; rejects only when there is no answer: a network error or the timeout, which
 * covers connecting, the answer and its body together.
 */
export const httpPost: HttpPost = (url, body, options) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const authorization = splitCredentials(target);
    const payload = Buffer.from(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(payload.length),
      'user-agent': 'Saba-Notify/0.1',
      ...options.headers,
    };
    if (authorization !== null) headers.authorization = authorization;
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (client === null) {
      reject(new Error(`cannot post to a ${target.protocol} URL`));
      return;
    }

    let settled = false;
    const finish = (err: Error | null, answer?: { status: number; body: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err !== null) reject(err);
      else if (answer !== undefined) resolve(answer);
    };
    // agent: false is one connection per request, closed after it: no keep-alive pool to leak.
    const req = client.request(target, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (chunk: Buffer) => {
        const room = MAX_ANSWER_BYTES - size;
        if (room <= 0) return;
        chunks.push(chunk.subarray(0, room));
        size += Math.min(room, chunk.length);
        // Enough read: the status is what counts, so stop the rest of a huge body here.
        if (size >= MAX_ANSWER_BYTES) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      res.on('error', (err) => finish(err));
    });
    const timer = setTimeout(() => {
      // Settle first: once the answer has begun, destroying the request need not raise an error.
      finish(new Error(`no answer within ${options.timeoutMs} ms`));
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => finish(err));
    req.end(payload);
  });
