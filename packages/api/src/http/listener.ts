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
const NO_QUERY = new URLSearchParams();

/** A path that exists with other methods: 405 with an `Allow` header. */
class MethodNotAllowed extends Error {
  constructor(readonly allowed: readonly string[]) {
    super('method not allowed');
  }
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
    void serve(deps, req, res);
  };
}

/**
 * One request, start to end. An async function rather than callbacks: under tsx every closure
 * made per request also pays a `__name` property definition, which showed as ~2% of a metric post.
 */
async function serve(deps: ListenerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const url = req.url ?? '/';
  // Newer agents send a bare trailing `?` on every query-less path: route on the path alone.
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  let routeName = 'unmatched';
  let status = 200;
  let text: string;
  let headers: Readonly<Record<string, string>> | undefined;
  try {
    const route = matchRoute(deps.router, req.method ?? 'GET', path);
    routeName = route.route.name;
    const query = q < 0 || q === url.length - 1 ? NO_QUERY : new URLSearchParams(url.slice(q + 1));
    const reply = await handle(deps, route.route, route.params, query, req);
    status = reply.status ?? 200;
    text = reply.json ?? JSON.stringify(reply.body);
    headers = reply.headers;
  } catch (err) {
    if (err instanceof MethodNotAllowed) {
      status = 405;
      text = errorBody(`method ${req.method} is not allowed on ${path}`);
      headers = { allow: err.allowed.join(', ') };
    } else {
      const e = errorResponse(err);
      status = e.status;
      text = errorBody(e.message);
      if (!(err instanceof SabaError)) deps.logError?.(err, routeName);
    }
    // Leave the connection usable only when the body was consumed.
    if (!req.complete) {
      res.setHeader('connection', 'close');
      req.resume();
    }
  }
  sendJson(res, status, text, headers);
  deps.observe?.(routeName, status, (performance.now() - started) / 1000);
}

function matchRoute(router: Router, method: string, path: string): { route: Route; params: Record<string, string> } {
  let match: ReturnType<Router['match']>;
  try {
    match = router.match(method, path);
  } catch {
    throw new BadDataError(`malformed path: ${path}`);
  }
  if (match.kind === 'not_found') throw new NotFoundError(`no API endpoint at ${path}`);
  if (match.kind === 'method_not_allowed') throw new MethodNotAllowed(match.allowed);
  return match;
}

async function handle(
  deps: ListenerDeps,
  route: Route,
  params: Record<string, string>,
  query: URLSearchParams,
  req: IncomingMessage,
): Promise<Reply> {
  const key = req.headers['x-api-key'];
  const principal = await deps.keys.authenticate(Array.isArray(key) ? key[0] : key);
  if (route.access === 'write' && principal.permission !== 'write') {
    throw new ForbiddenError('this API key is read-only; writing needs a read-write key');
  }
  // GETs carry no body (spec §1.1); DELETE /graph-defs does (spec §1.4 #10).
  let rawBody: Buffer;
  if (req.method === 'GET') {
    rawBody = EMPTY;
    req.resume();
  } else {
    rawBody = await readBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY);
  }
  const body = route.parseJson === false ? undefined : parseJsonBody(rawBody);
  return route.handler({ principal, params, query, body, rawBody });
}

const EMPTY = Buffer.alloc(0);
