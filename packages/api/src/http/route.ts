import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '@saba/catalog';

/**
 * What a route needs of the caller: reading, or reading and writing (an API key or a signed-in
 * user); or `manage`: a signed-in owner or manager, never an API key (API-key management).
 */
export type Access = 'read' | 'write' | 'manage';

/** One request as a handler sees it: the caller, path parameters, query and parsed JSON body. */
export interface RequestContext {
  readonly principal: Principal;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body; undefined when the body was empty. */
  readonly body: unknown;
  /** The raw body bytes (for endpoints that store JSON verbatim). */
  readonly rawBody: Buffer;
  /** The request's headers (for endpoints whose body format a header names: OTLP's Content-Type). */
  readonly headers: IncomingHttpHeaders;
}

/** What a handler answers: a JSON body (never empty, spec §1.4 #1), optionally a status and headers. */
export interface Reply {
  readonly status?: number;
  /** Serialized with JSON.stringify... */
  readonly body?: unknown;
  /** ...unless the JSON text is given as it is (stored metadata, returned verbatim). */
  readonly json?: string;
  /** ...unless the body is bytes of another format (OTLP protobuf); `headers` then names its content-type. */
  readonly bytes?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A handler of one route. */
export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

/** A request to an open route: no caller is known yet (sign-in reads the session cookie itself). */
export interface OpenRequestContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly rawBody: Buffer;
  /** The request's Cookie header. */
  readonly cookie: string | undefined;
  /** Whether cookies set in the answer must be Secure: the request came over TLS, or the public URL is https. */
  readonly secureCookies: boolean;
}

/** A handler of an open route. */
export type OpenHandler = (ctx: OpenRequestContext) => Promise<Reply> | Reply;

/** What every entry of the route table has. */
interface RouteBase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments; `:name` captures one (URL-decoded) segment. */
  readonly path: string;
  /** Largest body accepted, in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** False: the handler parses `rawBody` itself (the metric post's byte scanner); `body` is undefined. */
  readonly parseJson?: false;
  /** A short name for Saba's own metrics (`hosts.get`). */
  readonly name: string;
  /**
   * Also take the API key from `Mackerel-Api-Key` (Mackerel's OTLP header) and `Authorization:
   * Bearer <key>` (what OTLP and remote_write senders are configured with), after `X-Api-Key`.
   */
  readonly senderKeyHeaders?: true;
  /** Answers an error in the route's own protocol (OTLP's google.rpc.Status) instead of Mackerel's body. */
  readonly errorReply?: (status: number, message: string, headers: IncomingHttpHeaders) => Reply;
}

/** A route whose caller is authenticated (API key or session) before its handler runs. */
export interface AuthedRoute extends RouteBase {
  readonly access: Access;
  readonly handler: Handler;
}

/** A route anyone may call, which authenticates by itself: the session routes (sign-in, sign-out). */
export interface OpenRoute extends RouteBase {
  readonly access: 'open';
  readonly handler: OpenHandler;
}

/** One entry of the route table. */
export type Route = AuthedRoute | OpenRoute;

/** A successful action's body, as Mackerel answers it. */
export const SUCCESS: Reply = { body: { success: true } };
