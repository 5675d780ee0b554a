import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unixSec } from '@saba/model';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Catalog } from './catalog.ts';
import { catalogConformance } from './catalog-conformance.ts';
import { hostInput } from './conformance/fixture.ts';
import { hashApiKey } from './ids.ts';
import { MIGRATIONS, migrate } from './migrate.ts';
import { initial } from './migrations/0001-initial.ts';
import { openCatalog } from './open-catalog.ts';
import { openSqlite } from './sqlite.ts';

/** Every migration's name, in the order applied. */
const ALL_MIGRATIONS = MIGRATIONS.map((m) => m.name);

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-catalog-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The names in `saba_migrations`, read with a plain connection. */
function appliedMigrations(path: string): string[] {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    return raw
      .prepare('select name from saba_migrations order by name')
      .all()
      .map((r) => (r as { name: string }).name);
  } finally {
    raw.close();
  }
}

describe('sqlite', () => {
  catalogConformance(async (): Promise<Catalog> => {
    const dir = await mkdtemp(join(tmpdir(), 'saba-catalog-'));
    const catalog = await openCatalog({ driver: 'sqlite', path: join(dir, 'catalog.db') });
    return {
      ...catalog,
      async close() {
        await catalog.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });

  describe('driver', () => {
    test('data survives close and reopen; reopening applies no migration twice', () =>
      inTempDir(async (dir) => {
        const path = join(dir, 'catalog.db');
        const first = await openCatalog({ driver: 'sqlite', path });
        const org = await first.orgs.create('acme', null, unixSec(1));
        const host = await first.hosts.create(
          org.id,
          hostInput({ roles: [{ service: 'web', role: 'app' }] }),
          unixSec(2),
        );
        const { key } = await first.orgs.createKey(org.id, 'k', 'write', unixSec(3));
        await first.close();

        const again = await openCatalog({ driver: 'sqlite', path });
        try {
          assert.deepEqual(await again.orgs.get(org.id), org);
          assert.deepEqual((await again.hosts.get(org.id, host))?.roles, [{ service: 'web', role: 'app' }]);
          assert.equal((await again.orgs.authenticate(key))?.orgId, org.id);
        } finally {
          await again.close();
        }
        assert.deepEqual(appliedMigrations(path), ALL_MIGRATIONS);
      }));

    test('an API key is stored as its SHA-256 only', () =>
      inTempDir(async (dir) => {
        const path = join(dir, 'catalog.db');
        const c = await openCatalog({ driver: 'sqlite', path });
        const org = await c.orgs.create('acme', null, unixSec(1));
        const { key } = await c.orgs.createKey(org.id, 'k', 'write', unixSec(2));
        await c.close();
        const raw = new BetterSqlite3(path, { readonly: true });
        try {
          assert.deepEqual(raw.prepare('select key_hash from api_keys').all(), [{ key_hash: hashApiKey(key) }]);
        } finally {
          raw.close();
        }
        const bytes = await readFile(path);
        assert.equal(bytes.includes(Buffer.from(key)), false, 'the key text is nowhere in the file');
      }));

    test('three processes opening one new file at once migrate it once', { timeout: 60_000 }, () =>
      inTempDir(async (dir) => {
        const path = join(dir, 'catalog.db');
        // Processes, not connections in this one: better-sqlite3 waits for a lock synchronously, so
        // two connections of one process would block the event loop that must release the lock.
        await Promise.all(['p', 'q', 'r'].map((prefix) => runWriter(path, prefix, 2)));
        assert.deepEqual(appliedMigrations(path), ALL_MIGRATIONS);
        const c = await openCatalog({ driver: 'sqlite', path });
        try {
          assert.deepEqual(
            (await c.orgs.list()).map((o) => o.name),
            ['p-0', 'p-1', 'q-0', 'q-1', 'r-0', 'r-1'],
          );
        } finally {
          await c.close();
        }
      }),
    );

    test('connections use WAL, synchronous=FULL, foreign keys and a busy timeout', () =>
      inTempDir(async (dir) => {
        const db = openSqlite(join(dir, 'catalog.db'));
        try {
          const pragma = async (name: string) =>
            Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
          assert.equal(await pragma('journal_mode'), 'wal');
          assert.equal(await pragma('synchronous'), 2, 'FULL');
          assert.equal(await pragma('foreign_keys'), 1);
          assert.equal(await pragma('busy_timeout'), 5000);
        } finally {
          await db.destroy();
        }
      }));

    test('a failing migration rolls back every migration of its run', () =>
      inTempDir(async (dir) => {
        const path = join(dir, 'catalog.db');
        const db = openSqlite(path);
        const broken = {
          name: '0002-broken',
          async up() {
            throw new Error('boom');
          },
        };
        try {
          await assert.rejects(migrate(db, 'sqlite', unixSec(0), { migrations: [initial, broken] }), /boom/);
          const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
          assert.deepEqual(tables.rows, [], 'no half schema left behind');
          assert.deepEqual(await migrate(db, 'sqlite', unixSec(0)), ALL_MIGRATIONS);
          assert.deepEqual(await migrate(db, 'sqlite', unixSec(0)), [], 'idempotent');
        } finally {
          await db.destroy();
        }
      }));

    test('every acknowledged write survives SIGKILL of the writer', { timeout: 60_000 }, () =>
      inTempDir(async (dir) => {
        const path = join(dir, 'catalog.db');
        for (let round = 0; round < 4; round++) {
          const last = await runAndKill(path, `r${round}`, 50 + Math.floor(Math.random() * 250));
          assert.ok(last >= 0, 'the writer acknowledged something before the kill');
          const c = await openCatalog({ driver: 'sqlite', path });
          try {
            const names = new Set((await c.orgs.list()).map((o) => o.name));
            for (let n = 0; n <= last; n++)
              assert.ok(names.has(`r${round}-${n}`), `r${round}-${n} acknowledged, then lost`);
          } finally {
            await c.close();
          }
        }
      }),
    );
  });
});

const WRITER = fileURLToPath(new URL('./testing/org-writer.ts', import.meta.url));

/** Starts testing/org-writer.ts on `path`. */
function startWriter(path: string, prefix: string, count?: number): ChildProcessWithoutNullStreams {
  const args = ['--import', 'tsx', WRITER, path, prefix, ...(count === undefined ? [] : [String(count)])];
  return spawn(process.execPath, args);
}

/** Runs the writer to completion; rejects unless it exits with 0. */
function runWriter(path: string, prefix: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = startWriter(path, prefix, count);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited with ${code}: ${stderr}`))));
  });
}

/** Runs the writer, kills it `killAfterMs` after its first ack, and returns the last acked number. */
function runAndKill(path: string, prefix: string, killAfterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = startWriter(path, prefix);
    let last = -1;
    let pending = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^acked (\d+)$/.exec(line);
        if (m === null) continue;
        if (last < 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        last = Number(m[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}
