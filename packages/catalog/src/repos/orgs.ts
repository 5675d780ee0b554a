import { ConflictError, NotFoundError, type OrgId, orgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKey, HostStatus, Org, OrgRepo, Permission, Principal } from '../catalog.ts';
import { isUniqueViolation } from '../constraint.ts';
import { hashApiKey, newApiKey, newId } from '../ids.ts';
import type { ApiKeysTable, Database, OrgsTable } from '../schema.ts';

function toOrg(r: Selectable<OrgsTable>): Org {
  return {
    id: orgId(r.id),
    name: r.name,
    displayName: r.display_name,
    defaultHostStatus: r.default_host_status as HostStatus,
    createdAt: unixSec(r.created_at),
  };
}

function toKey(r: Omit<Selectable<ApiKeysTable>, 'key_hash'>): ApiKey {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    name: r.name,
    permission: r.permission as Permission,
    createdAt: unixSec(r.created_at),
  };
}

const KEY_COLUMNS = ['id', 'org_id', 'name', 'permission', 'created_at'] as const;

/** Organizations and API keys over Kysely; keys are stored as SHA-256 only. */
export function orgRepo(db: Kysely<Database>): OrgRepo {
  async function requireOrg(org: OrgId): Promise<void> {
    const row = await db.selectFrom('orgs').select('id').where('id', '=', org).executeTakeFirst();
    if (row === undefined) throw new NotFoundError(`Organization ${org} not found.`);
  }

  async function insertKey(org: OrgId, name: string, permission: Permission, key: string, now: UnixSec) {
    await requireOrg(org);
    const row = { id: newId(), org_id: org, name, permission, key_hash: hashApiKey(key), created_at: now };
    try {
      await db.insertInto('api_keys').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('This API key is already registered.');
      throw e;
    }
    return toKey(row);
  }

  return {
    async create(name: string, displayName: string | null, now: UnixSec): Promise<Org> {
      const row = { id: newId(), name, display_name: displayName, created_at: now };
      try {
        await db.insertInto('orgs').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`Organization ${JSON.stringify(name)} already exists.`);
        throw e;
      }
      const created = await db.selectFrom('orgs').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      return toOrg(created);
    },

    async get(id: OrgId): Promise<Org | undefined> {
      const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrg(row);
    },

    async getByName(name: string): Promise<Org | undefined> {
      const row = await db.selectFrom('orgs').selectAll().where('name', '=', name).executeTakeFirst();
      return row && toOrg(row);
    },

    async list(): Promise<Org[]> {
      const rows = await db.selectFrom('orgs').selectAll().orderBy('name').execute();
      return rows.map(toOrg);
    },

    async createKey(org: OrgId, name: string, permission: Permission, now: UnixSec) {
      const key = newApiKey();
      return { key, record: await insertKey(org, name, permission, key, now) };
    },

    importKey(org: OrgId, name: string, permission: Permission, key: string, now: UnixSec): Promise<ApiKey> {
      return insertKey(org, name, permission, key, now);
    },

    async listKeys(org: OrgId): Promise<ApiKey[]> {
      const rows = await db
        .selectFrom('api_keys')
        .select(KEY_COLUMNS)
        .where('org_id', '=', org)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toKey);
    },

    async deleteKey(org: OrgId, keyId: string): Promise<void> {
      const r = await db.deleteFrom('api_keys').where('org_id', '=', org).where('id', '=', keyId).executeTakeFirst();
      if (r.numDeletedRows === 0n) throw new NotFoundError(`API key ${keyId} not found.`);
    },

    async authenticate(key: string): Promise<Principal | undefined> {
      const row = await db
        .selectFrom('api_keys')
        .select(['id', 'org_id', 'permission'])
        .where('key_hash', '=', hashApiKey(key))
        .executeTakeFirst();
      return row && { orgId: orgId(row.org_id), permission: row.permission as Permission, keyId: row.id };
    },
  };
}
