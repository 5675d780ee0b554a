import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HostId, hostId, NotFoundError } from '@saba/model';
import type { CheckReport, CheckStatus } from '../catalog.ts';
import { at, hostInput, ID_PATTERN, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

function report(host: HostId, name: string, s: number, status: CheckStatus = 'CRITICAL'): CheckReport {
  return {
    hostId: host,
    name,
    status,
    message: `${status} at ${s}`,
    occurredAt: at(s),
    notificationInterval: null,
    maxCheckAttempts: null,
  };
}

/** Check monitors and per-host check states. */
export function checkTests(open: OpenCatalog): void {
  describe('checks', () => {
    test('the first report of a name creates its one monitor; states keep every field', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const h1 = await c.hosts.create(a, hostInput(), T0);
        const h2 = await c.hosts.create(a, hostInput(), T0);
        const full: CheckReport = {
          hostId: h1,
          name: 'ssh',
          status: 'WARNING',
          message: 'slow handshake',
          occurredAt: at(10),
          notificationInterval: 30,
          maxCheckAttempts: 3,
        };
        assert.equal(await c.checks.report(a, [full, report(h2, 'ssh', 10), report(h1, 'disk', 10)], at(11)), 3);
        const monitors = await c.checks.listMonitors(a, undefined, 100);
        assert.deepEqual(monitors.map((m) => m.name).sort(), ['disk', 'ssh'], 'one monitor per name, not per host');
        for (const m of monitors) assert.match(m.id, ID_PATTERN);
        const ssh = monitors.find((m) => m.name === 'ssh');
        assert.ok(ssh);
        assert.deepEqual(await c.checks.getMonitor(a, ssh.id), ssh);
        assert.deepEqual(await c.checks.states(a, h1), [
          {
            monitorId: monitors.find((m) => m.name === 'disk')?.id,
            hostId: h1,
            name: 'disk',
            status: 'CRITICAL',
            message: 'CRITICAL at 10',
            occurredAt: at(10),
            notificationInterval: null,
            maxCheckAttempts: null,
            consecutiveNonOk: 1,
            updatedAt: at(11),
          },
          {
            monitorId: ssh.id,
            hostId: h1,
            name: 'ssh',
            status: 'WARNING',
            message: 'slow handshake',
            occurredAt: at(10),
            notificationInterval: 30,
            maxCheckAttempts: 3,
            consecutiveNonOk: 1,
            updatedAt: at(11),
          },
        ]);
        assert.equal((await c.checks.states(a, h2))[0]?.monitorId, ssh.id);
        assert.equal(await c.checks.getMonitor(a, 'zzzzzzzzzzz'), undefined);
        assert.deepEqual(await c.checks.states(a, hostId('zzzzzzzzzzz')), []);
      }));

    test('consecutiveNonOk counts non-OK reports in a row and resets on OK', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const h = await c.hosts.create(a, hostInput(), T0);
        const steps: [CheckStatus, number][] = [
          ['OK', 0],
          ['CRITICAL', 1],
          ['WARNING', 2],
          ['UNKNOWN', 3],
          ['OK', 0],
          ['OK', 0],
          ['CRITICAL', 1],
        ];
        for (const [i, [status, want]] of steps.entries()) {
          assert.equal(await c.checks.report(a, [report(h, 'http', 60 * i, status)], at(60 * i + 1)), 1);
          const [state] = await c.checks.states(a, h);
          assert.equal(state?.status, status);
          assert.equal(state?.consecutiveNonOk, want, `step ${i}: ${status}`);
          assert.equal(state?.updatedAt, at(60 * i + 1));
        }
        // In one call, reports apply in order.
        assert.equal(await c.checks.report(a, [report(h, 'http', 1000), report(h, 'http', 1060)], at(1061)), 2);
        assert.equal((await c.checks.states(a, h))[0]?.consecutiveNonOk, 3);
      }));

    test('a report not newer than the stored state is ignored and not counted', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const h = await c.hosts.create(a, hostInput(), T0);
        assert.equal(await c.checks.report(a, [report(h, 'http', 100)], at(101)), 1);
        const before = await c.checks.states(a, h);
        const cases: [string, CheckReport[], number][] = [
          ['same occurredAt (a retried post)', [report(h, 'http', 100, 'OK')], 0],
          ['older', [report(h, 'http', 50, 'OK')], 0],
          ['older, twice in one call', [report(h, 'http', 40), report(h, 'http', 40)], 0],
        ];
        for (const [why, reports, want] of cases) {
          assert.equal(await c.checks.report(a, reports, at(200)), want, why);
          assert.deepEqual(await c.checks.states(a, h), before, why);
        }
        assert.equal(await c.checks.report(a, [report(h, 'http', 160), report(h, 'http', 160)], at(200)), 1);
        assert.equal((await c.checks.states(a, h))[0]?.consecutiveNonOk, 2);
        assert.equal(await c.checks.report(a, [], at(200)), 0);
      }));

    test('listMonitors pages by ascending id', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const h = await c.hosts.create(a, hostInput(), T0);
        const names = Array.from({ length: 7 }, (_, i) => `check-${i}`);
        await c.checks.report(
          a,
          names.map((n) => report(h, n, 1)),
          at(2),
        );
        const all = await c.checks.listMonitors(a, undefined, 100);
        assert.deepEqual(all.map((m) => m.name).sort(), names);
        const ids = all.map((m) => m.id);
        assert.deepEqual(
          ids,
          [...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
          'byte-wise ascending',
        );
        const pages: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await c.checks.listMonitors(a, after, 3);
          assert.ok(page.length <= 3);
          if (page.length === 0) break;
          pages.push(...page.map((m) => m.id));
          after = page.at(-1)?.id;
        }
        assert.deepEqual(pages, ids);
        assert.deepEqual(await c.checks.listMonitors(a, ids[4], 2), all.slice(5, 7));
      }));

    test('a report for an unknown or foreign host is NotFoundError and nothing of the call applies', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const mine = await c.hosts.create(a, hostInput(), T0);
        const theirs = await c.hosts.create(b, hostInput(), T0);
        await rejectsWith(
          c.checks.report(a, [report(mine, 'ok', 1), report(theirs, 'x', 1)], at(2)),
          NotFoundError,
          theirs,
        );
        await rejectsWith(
          c.checks.report(a, [report(hostId('unknown1111'), 'x', 1)], at(2)),
          NotFoundError,
          'unknown1111',
        );
        assert.deepEqual(await c.checks.states(a, mine), []);
        assert.deepEqual(await c.checks.states(b, theirs), []);
        assert.deepEqual(await c.checks.listMonitors(a, undefined, 100), []);
      }));

    test('another organization cannot see the monitors or states, and has its own monitor per name', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const ha = await c.hosts.create(a, hostInput(), T0);
        const hb = await c.hosts.create(b, hostInput(), T0);
        await c.checks.report(a, [report(ha, 'ssh', 1)], at(2));
        const [ma] = await c.checks.listMonitors(a, undefined, 10);
        assert.ok(ma);
        assert.deepEqual(await c.checks.listMonitors(b, undefined, 10), []);
        assert.equal(await c.checks.getMonitor(b, ma.id), undefined);
        assert.deepEqual(await c.checks.states(b, ha), []);
        await c.checks.report(b, [report(hb, 'ssh', 1, 'OK')], at(2));
        const [mb] = await c.checks.listMonitors(b, undefined, 10);
        assert.ok(mb);
        assert.notEqual(mb.id, ma.id);
        assert.equal((await c.checks.states(a, ha))[0]?.status, 'CRITICAL');
      }));
  });
}
