import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadDataError, ForbiddenError, NotFoundError, SabaError } from '@saba/model';
import type { KeyCache } from '../auth.ts';
import { parseJsonBody, readBody } from './body.ts';
import { errorBody, errorResponse } from './errors.ts';
import type { Reply, Route } from './route.ts';
import type { Router } from './router.ts';

/** Called once per answered API request, for Saba's own metrics. */
export type RequestObserver = (route: string, status: number, seconds: number) => void;

/** What the listener needs. */
export interface ListenerDeps {
  readonly router: Router;
  readonly keys: KeyCache;
  readonly observe?: RequestObserver;
  /** Where unexpected errors are reported (the client gets a plain 500). */
  readonly logError?: (err: unknown, route: string) => void;
}

const DEFAULT_MAX_BODY = 1 << 20;

/** Splits `req.url` into the raw path and the query; newer agents send a bare trailing `?`. */
function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** Writes a JSON reply with an exact length (keep-alive clients need it). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers?: Readonly<Record<string, string>>,
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * The API's request handler: route on the path, authenticate `X-Api-Key`, check the permission,
 * read and parse the body, run the handler, and map any error to Mackerel's error body.
 */
export function createApiListener(deps: ListenerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const { path, query } = splitUrl(req.url ?? '/');
    let routeName = 'unmatched';
    const finish = (status: number, body: string, headers?: Readonly<Record<string, string>>): void => {
      sendJson(res, status, body, headers);
      deps.observe?.(routeName, status, Number(process.hrtime.bigint() - started) / 1e9);
    };
    const fail = (err: unknown): void => {
      const { status, message } = errorResponse(err);
      if (!(err instanceof SabaError)) deps.logError?.(err, routeName);
      // Leave the connection usable only when the body was consumed.
      if (!req.complete) {
        res.setHeader('connection', 'close');
        req.resume();
      }
      finish(status, errorBody(message));
    };
    let match: ReturnType<Router['match']>;
    try {
      match = deps.router.match(req.method ?? 'GET', path);
    } catch {
      fail(new BadDataError(`malformed path: ${path}`));
      return;
    }
    if (match.kind === 'not_found') {
      fail(new NotFoundError(`no API endpoint at ${path}`));
      return;
    }
    if (match.kind === 'method_not_allowed') {
      req.resume();
      finish(405, errorBody(`method ${req.method} is not allowed on ${path}`), { allow: match.allowed.join(', ') });
      return;
    }
    const { route, params } = match;
    routeName = route.name;
    handle(deps, route, params, query, req).then(
      (reply) => finish(reply.status ?? 200, reply.json ?? JSON.stringify(reply.body), reply.headers),
      fail,
    );
  };
}

async function handle(
  deps: ListenerDeps,
  route: Route,
  params: Record<string, string>,
  query: string,
  req: IncomingMessage,
): Promise<Reply> {
  const key = req.headers['x-api-key'];
  const principal = await deps.keys.authenticate(Array.isArray(key) ? key[0] : key);
  if (route.access === 'write' && principal.permission !== 'write') {
    throw new ForbiddenError('this API key is read-only; writing needs a read-write key');
  }
  // GETs carry no body (spec §1.1); DELETE /graph-defs does (spec §1.4 #10).
  const rawBody = req.method === 'GET' ? Buffer.alloc(0) : await readBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY);
  if (req.method === 'GET') req.resume();
  const body = route.parseJson === false ? undefined : parseJsonBody(rawBody);
  return route.handler({ principal, params, query: new URLSearchParams(query), body, rawBody });
}
