// Fetching a plugin artifact: http and https through node:http(s) following up to 10 redirects (Go's
// http.Client limit), file:// read from disk. Errors are one clear line naming the URL.
import { readFile } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { fileURLToPath } from 'node:url';

const MAX_REDIRECTS = 10;
// Plugin archives are a few MB; a bound keeps a wrong URL from filling memory.
const MAX_BYTES = 512 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

/** The body of `url` and the URL it finally came from. */
export interface Downloaded {
  readonly data: Buffer;
  readonly finalUrl: string;
}

/** Downloads `url` (http, https or file). */
export async function download(url: string, userAgent: string): Promise<Downloaded> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const u = new URL(current);
    if (u.protocol === 'file:') return { data: await readFile(fileURLToPath(u)), finalUrl: current };
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported URL scheme: ${u.protocol}`);
    const res = await request(u, userAgent);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location !== undefined) {
      res.resume();
      current = new URL(res.headers.location, u).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new Error(`http response not OK. code: ${status}, url: ${current}`);
    }
    return { data: await readBody(res, current), finalUrl: current };
  }
  throw new Error(`stopped after ${MAX_REDIRECTS} redirects: ${url}`);
}

function request(u: URL, userAgent: string): Promise<IncomingMessage> {
  const get = u.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(u, { headers: { 'user-agent': userAgent }, timeout: TIMEOUT_MS }, resolve);
    req.once('timeout', () => req.destroy(new Error(`timed out after ${TIMEOUT_MS / 1000} s: ${u}`)));
    req.once('error', (e) => reject(new Error(`${e.message} (${u})`)));
  });
}

function readBody(res: IncomingMessage, url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BYTES) {
        res.destroy(new Error(`larger than ${MAX_BYTES} bytes: ${url}`));
        return;
      }
      chunks.push(c);
    });
    res.once('end', () => resolve(Buffer.concat(chunks)));
    res.once('error', reject);
  });
}
