// API-key management for the web UI (Saba's own: Mackerel manages keys in its web console only,
// spec api §14). Session only, owner or manager (spec features §6.1, §6.2): access `manage`.
import type { ApiKey, Permission } from '@saba/catalog';
import { BadDataError, msToSec, NotFoundError, objectBody, requiredString } from '@saba/model';
import type { KeyCache } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';

/** A name's length in characters, as the web form says. */
const MAX_NAME = 64;

/** A key as listed: never its secret, which is not stored. */
function keyJson(k: ApiKey): { id: string; name: string; permission: Permission; createdAt: number } {
  return { id: k.id, name: k.name, permission: k.permission, createdAt: k.createdAt };
}

function parseKeyCreate(body: unknown): { name: string; permission: Permission } {
  const o = objectBody(body, '{"name": ..., "permission": "read" | "write"}');
  const name = requiredString(o, 'name');
  const length = [...name].length;
  if (length < 1 || length > MAX_NAME) throw new BadDataError(`"name" must have 1 to ${MAX_NAME} characters`);
  const permission = o.permission;
  if (permission !== 'read' && permission !== 'write') throw new BadDataError('"permission" must be "read" or "write"');
  return { name, permission };
}

/** `GET`, `POST /api/v0/api-keys` and `DELETE /api/v0/api-keys/:keyId`. */
export function apiKeyRoutes(deps: ApiDeps, keys: KeyCache): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v0/api-keys',
      access: 'manage',
      name: 'api-keys.list',
      handler: async ({ principal }) => ({
        body: { apiKeys: (await deps.catalog.orgs.listKeys(principal.orgId)).map(keyJson) },
      }),
    },
    {
      method: 'POST',
      path: '/api/v0/api-keys',
      access: 'manage',
      name: 'api-keys.create',
      handler: async ({ principal, body }) => {
        const { name, permission } = parseKeyCreate(body);
        const made = await deps.catalog.orgs.createKey(principal.orgId, name, permission, msToSec(deps.clock()));
        // The only time the key is shown: the catalog keeps its SHA-256 alone.
        return { body: { ...keyJson(made.record), key: made.key }, headers: { 'cache-control': 'no-store' } };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/api-keys/:keyId',
      access: 'manage',
      name: 'api-keys.delete',
      handler: async ({ principal, params }) => {
        const id = params.keyId as string;
        const key = (await deps.catalog.orgs.listKeys(principal.orgId)).find((k) => k.id === id);
        if (key === undefined) throw new NotFoundError(`API key ${id} not found.`);
        await deps.catalog.orgs.deleteKey(principal.orgId, id);
        // Other processes forget it within their cache's TTL (10 s); this one at once.
        keys.forgetKey(id);
        return { body: keyJson(key) };
      },
    },
  ];
}
