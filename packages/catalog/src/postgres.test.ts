import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { BadDataError, unixSec } from '@saba/model';
import pg from 'pg';
import type { Catalog } from './catalog.ts';
import { catalogConformance } from './catalog-conformance.ts';
import { hostInput } from './conformance/fixture.ts';
import { hashApiKey } from './ids.ts';
import { MIGRATIONS, migrate } from './migrate.ts';
import { initial } from './migrations/0001-initial.ts';
import { openCatalog } from './open-catalog.ts';
import { openPostgres } from './postgres.ts';

/** Every migration's name, in the order applied. */
const ALL_MIGRATIONS = MIGRATIONS.map((m) => m.name);

// A real PostgreSQL on loopback (trust auth), or SABA_TEST_POSTGRES_URL. Each test works in a
// schema of its own, dropped afterwards, so runs never see each other's rows.
const CANDIDATES = process.env.SABA_TEST_POSTGRES_URL
  ? [process.env.SABA_TEST_POSTGRES_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://postgres@127.0.0.1:5432/postgres'];
const required = process.env.SABA_REQUIRE_SERVICES === '1';

/** The first candidate that accepts a connection, or the reason none did. */
async function reachable(): Promise<{ url: string } | { reason: string }> {
  let reason = '';
  for (const url of CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return { url };
    } catch (e) {
      reason = `${url}: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return { reason };
}

const found = await reachable();
const url = 'url' in found ? found.url : '';
const skip =
  'url' in found || required ? false : `PostgreSQL unreachable (${found.reason}); set SABA_REQUIRE_SERVICES=1 to fail`;

/** A schema name no other run uses. */
function freshSchema(): string {
  return `saba_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs `sqlText` on a connection of its own. */
async function admin<T extends pg.QueryResultRow>(sqlText: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sqlText, values)).rows;
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string): Promise<void> {
  await admin(`drop schema if exists ${schema} cascade`);
}

/** Runs `fn` with a fresh schema name, dropping the schema afterwards. */
async function inSchema(fn: (schema: string) => Promise<void>): Promise<void> {
  const schema = freshSchema();
  try {
    await fn(schema);
  } finally {
    await dropSchema(schema);
  }
}

async function tablesOf(schema: string): Promise<string[]> {
  const rows = await admin<{ table_name: string }>(
    'select table_name from information_schema.tables where table_schema = $1 order by table_name',
    [schema],
  );
  return rows.map((r) => r.table_name);
}

test('PostgreSQL is reachable', { skip }, () => {
  assert.ok(
    'url' in found,
    `PostgreSQL unreachable and SABA_REQUIRE_SERVICES=1: ${'reason' in found ? found.reason : ''}`,
  );
});

describe('postgres', { skip: url === '' ? 'PostgreSQL unreachable' : false }, () => {
  catalogConformance(async (): Promise<Catalog> => {
    const schema = freshSchema();
    const catalog = await openCatalog({ driver: 'postgres', connectionString: url, schema });
    return {
      ...catalog,
      async close() {
        await catalog.close();
        await dropSchema(schema);
      },
    };
  });

  describe('driver', () => {
    test('data survives close and reopen; reopening applies no migration twice', () =>
      inSchema(async (schema) => {
        const config = { driver: 'postgres', connectionString: url, schema } as const;
        const first = await openCatalog(config);
        const org = await first.orgs.create('acme', null, unixSec(1));
        const host = await first.hosts.create(org.id, hostInput({ meta: { n: 1 } }), unixSec(2));
        await first.close();
        const again = await openCatalog(config);
        try {
          assert.deepEqual(await again.orgs.get(org.id), org);
          assert.deepEqual((await again.hosts.get(org.id, host))?.meta, { n: 1 });
        } finally {
          await again.close();
        }
        const applied = await admin<{ name: string }>(`select name from ${schema}.saba_migrations order by name`);
        assert.deepEqual(
          applied.map((r) => r.name),
          ALL_MIGRATIONS,
        );
      }));

    test('an API key is stored as its SHA-256 only', () =>
      inSchema(async (schema) => {
        const c = await openCatalog({ driver: 'postgres', connectionString: url, schema });
        try {
          const org = await c.orgs.create('acme', null, unixSec(1));
          const { key } = await c.orgs.createKey(org.id, 'k', 'write', unixSec(2));
          const rows = await admin(`select * from ${schema}.api_keys`);
          assert.equal(rows.length, 1);
          assert.equal(rows[0]?.key_hash, hashApiKey(key));
          assert.equal(JSON.stringify(rows).includes(key), false, 'the key text is in no column');
        } finally {
          await c.close();
        }
      }));

    test('three catalogs opening one new schema at once migrate it once', () =>
      inSchema(async (schema) => {
        const config = { driver: 'postgres', connectionString: url, schema } as const;
        const all = await Promise.all([openCatalog(config), openCatalog(config), openCatalog(config)]);
        try {
          const org = await all[0]?.orgs.create('acme', null, unixSec(1));
          assert.equal((await all[2]?.orgs.getByName('acme'))?.id, org?.id);
        } finally {
          for (const c of all) await c.close();
        }
        const applied = await admin<{ name: string }>(`select name from ${schema}.saba_migrations order by name`);
        assert.deepEqual(
          applied.map((r) => r.name),
          ALL_MIGRATIONS,
        );
      }));

    test('a failing migration rolls back every migration of its run', () =>
      inSchema(async (schema) => {
        const db = openPostgres(url, schema);
        const broken = {
          name: '0002-broken',
          async up() {
            throw new Error('boom');
          },
        };
        try {
          await assert.rejects(migrate(db, 'postgres', unixSec(0), { schema, migrations: [initial, broken] }), /boom/);
          assert.deepEqual(await tablesOf(schema), [], 'no half schema left behind');
          assert.deepEqual(await migrate(db, 'postgres', unixSec(0), { schema }), ALL_MIGRATIONS);
          assert.deepEqual(await migrate(db, 'postgres', unixSec(0), { schema }), [], 'idempotent');
          assert.ok((await tablesOf(schema)).includes('hosts'));
        } finally {
          await db.destroy();
        }
      }));

    test('a schema name that would need quoting is refused', async () => {
      await assert.rejects(
        openCatalog({ driver: 'postgres', connectionString: url, schema: 'x; drop table hosts' }),
        BadDataError,
      );
    });
  });
});
