// The API calls of the settings pages: API keys (Saba's, session only, owners and managers:
// decision 0010) and the organization's users (spec api §14).
import { apiGet, apiSend } from './client.ts';

/** A key's permission: read, or read and write. */
export type KeyPermission = 'read' | 'write';

/** An API key as listed: never its secret. */
export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly permission: KeyPermission;
  /** Epoch seconds. */
  readonly createdAt: number;
}

/** A new key: the only answer that carries the secret. */
export interface CreatedApiKey extends ApiKey {
  readonly key: string;
}

/** A user of `GET /api/v0/users`. */
export interface OrgUser {
  readonly id: string;
  readonly screenName: string;
  readonly email: string;
  readonly authority: string;
  /** Epoch seconds. */
  readonly joinedAt: number;
}

const KEYS = '/api/v0/api-keys';

/** The organization's API keys. */
export async function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return (await apiGet<{ apiKeys: ApiKey[] }>(KEYS, signal)).apiKeys;
}

/** Creates a key; the answer's `key` is shown once and never again. */
export function createApiKey(name: string, permission: KeyPermission): Promise<CreatedApiKey> {
  return apiSend<CreatedApiKey>('POST', KEYS, { name, permission });
}

/** Revokes a key: it is refused from then on. */
export async function revokeApiKey(id: string): Promise<void> {
  await apiSend('DELETE', `${KEYS}/${encodeURIComponent(id)}`);
}

/** The organization's users. */
export async function listUsers(signal?: AbortSignal): Promise<OrgUser[]> {
  return (await apiGet<{ users: OrgUser[] }>('/api/v0/users', signal)).users;
}
