import type { Principal } from '@saba/catalog';

/** What a route needs of the caller: reading, or reading and writing. */
export type Access = 'read' | 'write';

/** One request as a handler sees it: the caller, path parameters, query and parsed JSON body. */
export interface RequestContext {
  readonly principal: Principal;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body; undefined when the body was empty. */
  readonly body: unknown;
  /** The raw body bytes (for endpoints that store JSON verbatim). */
  readonly rawBody: Buffer;
}

/** What a handler answers: a JSON body (never empty, spec §1.4 #1), optionally a status and headers. */
export interface Reply {
  readonly status?: number;
  /** Serialized with JSON.stringify... */
  readonly body?: unknown;
  /** ...unless the JSON text is given as it is (stored metadata, returned verbatim). */
  readonly json?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A handler of one route. */
export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

/** One entry of the route table. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments; `:name` captures one (URL-decoded) segment. */
  readonly path: string;
  readonly access: Access;
  /** Largest body accepted, in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** False: the handler parses `rawBody` itself (the metric post's byte scanner); `body` is undefined. */
  readonly parseJson?: false;
  /** A short name for Saba's own metrics (`hosts.get`). */
  readonly name: string;
  readonly handler: Handler;
}

/** A successful action's body, as Mackerel answers it. */
export const SUCCESS: Reply = { body: { success: true } };
