import type { IncomingHttpHeaders } from 'node:http';
import type { Catalog, Principal } from '@saba/catalog';
import { ForbiddenError, UnauthorizedError } from '@saba/model';
import type { Access } from './http/route.ts';

/** Why a request without a key is refused: what Mackerel's clients send... */
const KEY_REQUIRED = 'API key is required (X-Api-Key header)';
/** ...and what the senders' routes (OTLP, remote write, the Prometheus API) also take. */
const SENDER_KEY_REQUIRED =
  'API key is required (X-Api-Key, Mackerel-Api-Key, or Authorization: Bearer or Basic with the key as password)';

interface Entry {
  readonly principal: Principal | undefined;
  readonly expires: number;
}

/**
 * Resolves `X-Api-Key` to a principal, remembering answers for `ttlMs` so a busy agent fleet
 * (1,000 hosts posting every minute) does not hash and query per request. A deleted key stops
 * working within the TTL; `forgetKey` drops its answers at once (this process's own deletes).
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly catalog: Catalog,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The principal of `key`, or UnauthorizedError naming the headers `senderHeaders` routes take (see requestKey). */
  async authenticate(key: string | undefined, senderHeaders = false): Promise<Principal> {
    if (key === undefined || key === '')
      throw new UnauthorizedError(senderHeaders ? SENDER_KEY_REQUIRED : KEY_REQUIRED);
    const now = this.clock();
    const hit = this.entries.get(key);
    let principal: Principal | undefined;
    if (hit !== undefined && hit.expires > now) {
      principal = hit.principal;
    } else {
      principal = await this.catalog.orgs.authenticate(key);
      // Bounded: unknown keys are cached too (so a misconfigured fleet costs one lookup per TTL),
      // and the whole map is dropped when full rather than tracking recency.
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { principal, expires: now + this.ttlMs });
    }
    if (principal === undefined) throw new UnauthorizedError('Authentication failed: unknown API key');
    return principal;
  }

  /** Forgets the answers naming key `keyId`, so a key revoked here stops working at once. */
  forgetKey(keyId: string): void {
    // A walk over at most maxEntries: revoking a key is rare, and the cache is keyed by key text.
    for (const [key, entry] of this.entries) {
      if (entry.principal?.keyId === keyId) this.entries.delete(key);
    }
  }

  /** Forgets every cached answer. */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * The API key in a request's headers: `X-Api-Key`; with `senderHeaders` (AuthedRoute.senderKeyHeaders)
 * also `Mackerel-Api-Key`, then `Authorization: Bearer <key>`, then the password of
 * `Authorization: Basic` (Grafana's basic auth; the user name is ignored).
 */
export function requestKey(headers: IncomingHttpHeaders, senderHeaders: boolean): string | undefined {
  const key = firstHeader(headers, 'x-api-key');
  if (key !== undefined || !senderHeaders) return key;
  const mackerel = firstHeader(headers, 'mackerel-api-key');
  if (mackerel !== undefined) return mackerel;
  const auth = firstHeader(headers, 'authorization');
  const m = auth === undefined ? null : /^(Bearer|Basic) +(\S+) *$/i.exec(auth);
  if (m === null) return undefined;
  if ((m[1] as string).toLowerCase() === 'bearer') return m[2];
  const pair = Buffer.from(m[2] as string, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return colon < 0 ? undefined : pair.slice(colon + 1);
}

/** Throws ForbiddenError unless `principal` may do what `access` asks. */
export function checkAccess(principal: Principal, access: Access): void {
  if (access === 'manage') {
    const authority = principal.user?.authority;
    if (authority === undefined)
      throw new ForbiddenError('API keys are managed by a signed-in user, not with an API key');
    if (authority !== 'owner' && authority !== 'manager')
      throw new ForbiddenError('only an owner or a manager may manage API keys');
  } else if (access === 'write' && principal.permission !== 'write') {
    throw new ForbiddenError(
      principal.user === undefined
        ? 'this API key is read-only; writing needs a read-write key'
        : 'a viewer may only read; writing needs a collaborator, manager or owner',
    );
  }
}

/**
 * The caller of a sender's write outside the route table (OTLP/gRPC): its key read as the sender
 * routes read it, checked against `keys` and for write permission.
 */
export async function authenticateSender(keys: KeyCache, headers: IncomingHttpHeaders): Promise<Principal> {
  const principal = await keys.authenticate(requestKey(headers, true), true);
  checkAccess(principal, 'write');
  return principal;
}

/** The first value of header `name`, if any. */
function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
