// Serves the built web UI (apps/web/dist, or SABA_WEB_DIR): hashed assets cached for a year,
// index.html (never cached) for every other path so the UI's own router can show it, and
// security headers on the HTML. Paths are decoded once and must stay inside the directory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Scripts and styles only from this server. uPlot and Preact set styles through the CSSOM
 * (element.style), which style-src does not govern, so no 'unsafe-inline' is needed.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Markdown widgets may show external images, as Mackerel's do (spec features §5.1); https only.
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every answer of this module. */
const COMMON_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

/** Sent with HTML: the policy above, no framing, and no full URLs (host ids) leaking to other sites. */
const HTML_HEADERS = {
  ...COMMON_HEADERS,
  'content-security-policy': CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
} as const;

/** Hashed file names change with their content, so browsers may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Saba</title></head>
<body><h1>Saba's web UI is not built</h1>
<p>Run <code>npm run build:web</code> (or start the server with <code>npm start</code>, which builds it first).
The API at <code>/api/v0</code> works without it.</p></body></html>
`;

/** Handles a GET or HEAD of a path outside the API: a file of the UI, or index.html. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

function plain(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(head ? undefined : text);
}

async function fileSize(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  size: number,
  headers: Record<string, string>,
): void {
  res.writeHead(200, { ...headers, 'content-length': size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** The handler for the UI built into `dir`. */
export function webFiles(dir: string): WebHandler {
  const root = resolve(dir);
  const index = resolve(root, 'index.html');

  const serveIndex = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const head = req.method === 'HEAD';
    const f = await fileSize(index);
    if (f === undefined) {
      res.writeHead(503, {
        ...HTML_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(NOT_BUILT),
        'cache-control': 'no-store',
      });
      res.end(head ? undefined : NOT_BUILT);
      return;
    }
    const etag = `W/"${f.size.toString(16)}-${Math.floor(f.mtimeMs).toString(16)}"`;
    const headers = {
      ...HTML_HEADERS,
      'content-type': CONTENT_TYPES['.html'] as string,
      'cache-control': 'no-cache',
      etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    send(req, res, index, f.size, headers);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const head = req.method === 'HEAD';
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      plain(res, 400, 'bad path encoding\n', head);
      return;
    }
    // Decoded once: "%2e%2e/" is "../" here, and a NUL never reaches the file system.
    const full = resolve(root, `.${decoded}`);
    if (decoded.includes('\0') || (full !== root && !full.startsWith(root + sep))) {
      plain(res, 400, 'bad path\n', head);
      return;
    }
    const rel = full.slice(root.length + 1);
    if (rel === '' || rel === 'index.html') {
      await serveIndex(req, res);
      return;
    }
    const f = await fileSize(full);
    if (f !== undefined) {
      const type = CONTENT_TYPES[extname(full)] ?? 'application/octet-stream';
      const headers: Record<string, string> = {
        ...COMMON_HEADERS,
        'content-type': type,
        'cache-control': rel.startsWith(`assets${sep}`) ? IMMUTABLE : 'no-cache',
      };
      const gz = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
        ? await fileSize(`${full}.gz`)
        : undefined;
      if (gz !== undefined) {
        send(req, res, `${full}.gz`, gz.size, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
      } else {
        send(req, res, full, f.size, headers);
      }
      return;
    }
    // A missing file (a name with an extension, or anything under assets/) is a 404: answering
    // index.html would hand HTML to a <script> tag. Every other path is a page of the UI.
    if (rel.startsWith(`assets${sep}`) || extname(rel) !== '') {
      plain(res, 404, `nothing at ${path}\n`, head);
      return;
    }
    await serveIndex(req, res);
  };

  return (req, res, path) => {
    serve(req, res, path).catch(() => {
      if (!res.headersSent) plain(res, 500, 'could not read the web UI\n', req.method === 'HEAD');
      else res.destroy();
    });
  };
}
