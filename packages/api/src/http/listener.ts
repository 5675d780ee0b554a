import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Principal } from '@saba/catalog';
import { BadDataError, NotFoundError, SabaError } from '@saba/model';
import { checkAccess, type KeyCache, requestKey } from '../auth.ts';
import type { SessionAuth } from '../session-auth.ts';
import { parseJsonBody, readBody } from './body.ts';
import { errorBody, errorResponse } from './errors.ts';
import type { AuthedRoute, Reply, Route } from './route.ts';
import type { Router } from './router.ts';

/** Called once per answered API request, for Saba's own metrics. */
export type RequestObserver = (route: string, status: number, seconds: number) => void;

/** What the listener needs. */
export interface ListenerDeps {
  readonly router: Router;
  readonly keys: KeyCache;
  readonly sessions: SessionAuth;
  /** Set session cookies Secure even over plain HTTP: the public URL is https (a TLS proxy in front). */
  readonly secureCookies?: boolean;
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
 * The API's request handler: route on the path, authenticate `X-Api-Key` or the session cookie
 * (with its CSRF header on writes), check the permission, read and parse the body, run the
 * handler, and map any error to Mackerel's error body.
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
  let text = '';
  let bytes: Uint8Array | undefined;
  let headers: Readonly<Record<string, string>> | undefined;
  let matched: Route | undefined;
  try {
    const route = matchRoute(deps.router, req.method ?? 'GET', path);
    matched = route.route;
    routeName = route.route.name;
    const query = q < 0 || q === url.length - 1 ? NO_QUERY : new URLSearchParams(url.slice(q + 1));
    const reply = await handle(deps, route.route, route.params, query, req);
    status = reply.status ?? 200;
    if (reply.bytes !== undefined) bytes = reply.bytes;
    else text = reply.json ?? JSON.stringify(reply.body);
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
      if (matched?.errorReply !== undefined) {
        const reply = matched.errorReply(status, e.message, req.headers);
        bytes = reply.bytes;
        text = reply.json ?? JSON.stringify(reply.body);
        headers = reply.headers;
      }
    }
    // Leave the connection usable only when the body was consumed.
    if (!req.complete) {
      res.setHeader('connection', 'close');
      req.resume();
    }
  }
  if (bytes === undefined) sendJson(res, status, text, headers);
  else {
    res.writeHead(status, { ...headers, 'content-length': bytes.byteLength });
    res.end(bytes);
  }
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
  if (route.access === 'open') {
    const { body, rawBody } = await readRequestBody(route, req);
    const secureCookies = deps.secureCookies === true || (req.socket as TLSSocket).encrypted === true;
    return route.handler({ params, query, body, rawBody, cookie: req.headers.cookie, secureCookies });
  }
  // Before the body is read: a refused caller's body is drained, never parsed.
  const principal = await authenticate(deps, route, req);
  const { body, rawBody } = await readRequestBody(route, req);
  return route.handler({ principal, params, query, body, rawBody, headers: req.headers });
}

/** The request's body, raw and (unless the route parses it itself) as JSON. */
async function readRequestBody(route: Route, req: IncomingMessage): Promise<{ body: unknown; rawBody: Buffer }> {
  // GETs carry no body (spec §1.1); DELETE /graph-defs does (spec §1.4 #10).
  let rawBody: Buffer;
  if (req.method === 'GET') {
    rawBody = EMPTY;
    req.resume();
  } else {
    rawBody = await readBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY);
  }
  return { body: route.parseJson === false ? undefined : parseJsonBody(rawBody), rawBody };
}

/**
 * The caller of an authenticated route: `X-Api-Key` when present (as Mackerel's clients send it),
 * else the session cookie; then whether it may do what `access` asks.
 */
async function authenticate(deps: ListenerDeps, route: AuthedRoute, req: IncomingMessage): Promise<Principal> {
  const senderHeaders = route.senderKeyHeaders === true;
  const key = requestKey(req.headers, senderHeaders);
  const csrf = req.headers['x-saba-csrf-token'];
  const principal =
    (key !== undefined && key !== '') || req.headers.cookie === undefined
      ? await deps.keys.authenticate(key, senderHeaders)
      : await deps.sessions.authenticate(req.headers.cookie, req.method ?? 'GET', Array.isArray(csrf) ? csrf[0] : csrf);
  checkAccess(principal, route.access);
  return principal;
}

const EMPTY = Buffer.alloc(0);
