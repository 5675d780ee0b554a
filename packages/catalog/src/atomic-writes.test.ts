import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { OrgId } from '@saba/model';
import type { Kysely, KyselyPlugin, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Catalog } from './catalog.ts';
import { alertOf, batchOf, logOf, stateOf } from './conformance/alert-fixture.ts';
import { at, hostInput, T0 } from './conformance/fixture.ts';
import { migrate } from './migrate.ts';
import type { Database } from './schema.ts';
import { sqlCatalog } from './sql-catalog.ts';
import { openSqlite } from './sqlite.ts';

// The multi-step deletes must commit whole or not at all. The conformance suite cannot make a
// statement fail halfway, so here a plugin fails the last statement of each write on a real
// SQLite file; the transaction code is the same for both dialects.

/** A plugin that throws before running a query whose tree is of `kind` and names `table`. */
function failOn(kind: string, table: string): KyselyPlugin {
  return {
    transformQuery({ node }): RootOperationNode {
      if (node.kind === kind && JSON.stringify(node).includes(`"name":"${table}"`)) {
        throw new Error(`injected failure on ${kind} ${table}`);
      }
      return node;
    },
    transformResult({ result }): Promise<QueryResult<UnknownRow>> {
      return Promise.resolve(result);
    },
  };
}

/** Everything the alert repository holds, plus the org's monitors and hosts. */
async function snapshot(c: Catalog, org: OrgId): Promise<unknown> {
  const alerts = await c.alerts.list(org, { withClosed: true, limit: 1000 });
  const logs = await Promise.all(alerts.map((a) => c.alerts.logs(org, a.id, undefined, 1000)));
  return {
    alerts,
    logs,
    states: await c.alerts.listStates(),
    monitors: await c.monitors.list(org),
    hosts: await c.hosts.list(org, { statuses: ['working', 'standby', 'maintenance', 'poweroff'] }),
    services: await c.services.list(org),
  };
}

/** Runs `fn` with a migrated catalog on a fresh SQLite file and its Kysely handle. */
async function withDb(fn: (db: Kysely<Database>, c: Catalog) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-atomic-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  try {
    await migrate(db, 'sqlite', T0);
    await fn(db, sqlCatalog(db));
  } finally {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('atomic writes', () => {
  test('a monitor delete failing at its last step changes nothing', () =>
    withDb(async (db, c) => {
      const org = (await c.orgs.create('acme', null, T0)).id;
      const m = await c.monitors.create(org, { type: 'host', name: 'cpu', body: {} }, T0);
      const alert = alertOf(org, { monitorId: m.id });
      await c.alerts.apply(
        batchOf({
          alerts: [alert],
          logs: [logOf(alert.id, { monitorId: m.id })],
          states: [stateOf(org, { monitorId: m.id })],
        }),
      );
      const before = await snapshot(c, org);
      const failing = sqlCatalog(db.withPlugin(failOn('DeleteQueryNode', 'monitors')));
      await assert.rejects(failing.monitors.delete(org, m.id, 'r', at(9)), /injected failure/);
      assert.deepEqual(await snapshot(c, org), before);
    }));

  test('a host retire failing at its last step changes nothing', () =>
    withDb(async (db, c) => {
      const org = (await c.orgs.create('acme', null, T0)).id;
      const h = await c.hosts.create(org, hostInput({ roles: [{ service: 'web', role: 'app' }] }), T0);
      const alert = alertOf(org, { target: h, hostId: h });
      await c.alerts.apply(batchOf({ alerts: [alert], states: [stateOf(org, { target: h })] }));
      const before = await snapshot(c, org);
      const failing = sqlCatalog(db.withPlugin(failOn('DeleteQueryNode', 'monitor_states')));
      await assert.rejects(failing.hosts.retire(org, [h], at(9)), /injected failure/);
      assert.deepEqual(await snapshot(c, org), before);
    }));

  test('a service delete failing at its last step changes nothing', () =>
    withDb(async (db, c) => {
      const org = (await c.orgs.create('acme', null, T0)).id;
      await c.services.create(org, 'web', 'memo');
      const alert = alertOf(org, { type: 'service', target: 'web' });
      await c.alerts.apply(batchOf({ alerts: [alert] }));
      const before = await snapshot(c, org);
      const failing = sqlCatalog(db.withPlugin(failOn('InsertQueryNode', 'alert_logs')));
      await assert.rejects(failing.services.delete(org, 'web', at(9)), /injected failure/);
      assert.deepEqual(await snapshot(c, org), before);
    }));
});
