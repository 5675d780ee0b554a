import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError, type OrgId } from '@saba/model';
import type { MonitorRecord, OutboxEvent } from '../catalog.ts';
import { newOrderedId } from '../ids.ts';
import { alertOf, batchOf } from './alert-fixture.ts';
import { at, hostInput, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

function eventOf(org: OrgId, s: number, body: OutboxEvent['body'] = { kind: 'open', n: s }): OutboxEvent {
  return { id: newOrderedId(), orgId: org, body, createdAt: at(s) };
}

/** The notification outbox and channel suspension. */
export function outboxTests(open: OpenCatalog): void {
  describe('outbox', () => {
    test('events stored with an alert batch are dispatched once into one delivery per channel', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const e1 = eventOf(a, 1, { event: 'alert', nested: { v: 0.1 + 0.2, list: [1, 'x', null] } });
        const e2 = eventOf(a, 2);
        await c.alerts.apply(batchOf({ alerts: [alertOf(a)], outbox: [e1, e2] }));
        assert.deepEqual(await c.outbox.undispatched(10), [e1, e2]);
        assert.equal(await c.outbox.dispatch(e1.id, ['ch1', 'ch2', 'ch1'], at(5)), true);
        assert.equal(await c.outbox.dispatch(e1.id, ['ch3'], at(6)), false, 'a second dispatch adds nothing');
        assert.deepEqual(await c.outbox.undispatched(10), [e2]);
        const due = await c.outbox.due(at(5), 10);
        assert.deepEqual(
          due.map((d) => [d.delivery.channelId, d.delivery.status, d.delivery.attempts, d.event.id]),
          [
            ['ch1', 'pending', 0, e1.id],
            ['ch2', 'pending', 0, e1.id],
          ],
        );
        assert.deepEqual(due[0]?.event, e1);
        await rejectsWith(c.outbox.dispatch('missing0001', [], at(5)), NotFoundError, 'missing0001');
      }));

    test('attempts: a retry waits for its time, a success or a give-up ends it, a late result changes nothing', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const e = eventOf(a, 1);
        await c.alerts.apply(batchOf({ outbox: [e] }));
        await c.outbox.dispatch(e.id, ['ok', 'bad'], at(10));
        const [ok, bad] = (await c.outbox.due(at(10), 10)).map((d) => d.delivery);
        assert.ok(ok && bad);
        await c.outbox.recordAttempt(ok.id, { sent: false, error: 'HTTP 500', retryAt: at(70) }, at(11));
        await c.outbox.recordAttempt(bad.id, { sent: false, error: 'HTTP 400', retryAt: null }, at(11));
        assert.deepEqual(await c.outbox.due(at(69), 10), [], 'not due before its retry time; the failed one never');
        const [again] = await c.outbox.due(at(70), 10);
        assert.equal(again?.delivery.attempts, 1);
        assert.equal(again?.delivery.lastError, 'HTTP 500');
        await c.outbox.recordAttempt(ok.id, { sent: true }, at(71));
        await c.outbox.recordAttempt(ok.id, { sent: false, error: 'late', retryAt: at(99) }, at(72));
        const list = await c.outbox.listForChannel(a, 'ok', 10);
        assert.deepEqual(
          list.map((d) => [d.status, d.attempts, d.sentAt, d.lastAttemptAt, d.lastError]),
          [['sent', 2, at(71), at(71), null]],
        );
        assert.deepEqual(
          (await c.outbox.listForChannel(a, 'bad', 10)).map((d) => [
            d.status,
            d.attempts,
            d.sentAt,
            d.lastAttemptAt,
            d.lastError,
          ]),
          [['failed', 1, null, at(11), 'HTTP 400']],
          'a given-up delivery keeps when it gave up',
        );
        assert.deepEqual(await c.outbox.due(at(1000), 10), []);
      }));

    test("a channel's list: its organization's deliveries with their events, newest first, at most the limit", () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const body = { event: 'alert', kind: 'open', alert: { id: 'al1', status: 'CRITICAL' }, monitor: { name: 'm' } };
        const events = [eventOf(a, 1, body), eventOf(a, 2), eventOf(a, 3), eventOf(b, 4)];
        await c.alerts.apply(batchOf({ outbox: events }));
        for (const [i, e] of events.entries()) await c.outbox.dispatch(e.id, ['ch', 'other'], at(10 + i));
        const list = await c.outbox.listForChannel(a, 'ch', 10);
        assert.deepEqual(
          list.map((d) => [d.eventId, d.channelId, d.createdAt, d.status, d.attempts, d.lastAttemptAt]),
          [3, 2, 1].map((s) => [events[s - 1]?.id, 'ch', at(9 + s), 'pending', 0, null]),
        );
        assert.deepEqual(
          list.map((d) => d.event),
          [events[2], events[1], events[0]],
          'each with its whole event',
        );
        assert.deepEqual(list[2]?.event.body, body);
        assert.deepEqual(
          (await c.outbox.listForChannel(a, 'ch', 2)).map((d) => d.eventId),
          [events[2]?.id, events[1]?.id],
        );
        assert.deepEqual(
          (await c.outbox.listForChannel(b, 'ch', 10)).map((d) => d.eventId),
          [events[3]?.id],
          "another organization's channel of the same id",
        );
        assert.deepEqual(await c.outbox.listForChannel(a, 'none', 10), []);
        // A retry keeps when it last failed, beside when it is due.
        const [first] = await c.outbox.due(at(10), 1);
        assert.ok(first);
        await c.outbox.recordAttempt(first.delivery.id, { sent: false, error: 'HTTP 503', retryAt: at(40) }, at(12));
        const [retried] = await c.outbox.listForChannel(a, first.delivery.channelId, 10).then((l) => l.slice(-1));
        assert.deepEqual(
          [retried?.status, retried?.attempts, retried?.lastAttemptAt, retried?.nextAttemptAt, retried?.lastError],
          ['pending', 1, at(12), at(40), 'HTTP 503'],
        );
      }));

    test('prune deletes finished history before a time, never a pending delivery or its event', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const old = eventOf(a, 1);
        const waiting = eventOf(a, 2);
        const fresh = eventOf(a, 500);
        const undispatched = eventOf(a, 3);
        await c.alerts.apply(batchOf({ outbox: [old, waiting, fresh, undispatched] }));
        await c.outbox.dispatch(old.id, ['x', 'y'], at(1));
        await c.outbox.dispatch(waiting.id, ['x', 'y'], at(2));
        await c.outbox.dispatch(fresh.id, ['x'], at(500));
        const due = await c.outbox.due(at(600), 10);
        const of = (e: OutboxEvent, ch: string) =>
          due.find((d) => d.event.id === e.id && d.delivery.channelId === ch)?.delivery.id ?? '';
        await c.outbox.recordAttempt(of(old, 'x'), { sent: true }, at(3));
        await c.outbox.recordAttempt(of(old, 'y'), { sent: false, error: 'HTTP 400', retryAt: null }, at(3));
        await c.outbox.recordAttempt(of(waiting, 'x'), { sent: true }, at(3));
        await c.outbox.recordAttempt(of(fresh, 'x'), { sent: true }, at(501));
        // waiting/y stays pending.
        assert.equal(await c.outbox.prune(at(100)), 3);
        assert.deepEqual(
          (await c.outbox.listForChannel(a, 'x', 10)).map((d) => d.eventId),
          [fresh.id],
        );
        assert.deepEqual(
          (await c.outbox.listForChannel(a, 'y', 10)).map((d) => [d.eventId, d.status]),
          [[waiting.id, 'pending']],
        );
        assert.deepEqual(await c.outbox.undispatched(10), [undispatched], 'an undispatched event is never pruned');
        assert.deepEqual(
          (await c.outbox.due(at(600), 10)).map((d) => d.event.id),
          [waiting.id],
          'the pending delivery keeps its event',
        );
      }));

    test("hurry makes a channel's waiting deliveries due now, and only its pending ones", () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const e = eventOf(a, 1);
        await c.alerts.apply(batchOf({ outbox: [e] }));
        await c.outbox.dispatch(e.id, ['ch', 'other'], at(10));
        for (const { delivery } of await c.outbox.due(at(10), 10)) {
          await c.outbox.recordAttempt(delivery.id, { sent: false, error: 'down', retryAt: at(600) }, at(11));
        }
        assert.equal(await c.outbox.hurry(b, 'ch', at(20)), 0, "another organization's channel of the same id");
        assert.equal(await c.outbox.hurry(a, 'ch', at(20)), 1);
        assert.deepEqual(
          (await c.outbox.due(at(20), 10)).map((d) => d.delivery.channelId),
          ['ch'],
        );
      }));

    test('host writes store the events made of what they did in their own transaction, or nothing', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const taken = eventOf(a, 0);
        await c.alerts.apply(batchOf({ outbox: [taken] }));
        const made = (body: OutboxEvent['body']) => [eventOf(a, 1, body)];
        const bodies = async () => (await c.outbox.undispatched(100)).slice(1).map((e) => e.body);

        const x = await c.hosts.create(a, hostInput({ name: 'x', roles: [{ service: 's', role: 'r' }] }), T0, (id) =>
          made({ event: 'hostRegister', hostId: id }),
        );
        const y = await c.hosts.create(a, hostInput({ name: 'y' }), T0);
        const changes = await c.hosts.setStatus(a, [x, y], 'standby', (ch) =>
          made({ event: 'hostStatus', changed: ch.map((h) => [h.hostId, h.previousStatus]) }),
        );
        assert.deepEqual(
          changes,
          [x, y].sort().map((hostId) => ({ hostId, previousStatus: 'working' })),
        );
        assert.deepEqual(await c.hosts.setStatus(a, [x], 'standby', () => []), [], 'no change, no host');
        await c.hosts.retire(a, [x], at(2), (live) =>
          made({ event: 'hostRetire', hosts: live.map((h) => [h.id, h.roles.map((r) => `${r.service}:${r.role}`)]) }),
        );
        await c.hosts.retire(a, [x], at(3), (live) => made({ event: 'hostRetire', again: live.length }));
        assert.deepEqual(await bodies(), [
          { event: 'hostRegister', hostId: x },
          { event: 'hostStatus', changed: changes.map((h) => [h.hostId, h.previousStatus]) },
          { event: 'hostRetire', hosts: [[x, ['s:r']]] },
          { event: 'hostRetire', again: 0 },
        ]);

        // An event that cannot be stored undoes the write it came with.
        const before = await bodies();
        await assert.rejects(c.hosts.create(a, hostInput({ name: 'z' }), T0, () => [taken]));
        assert.deepEqual(
          (await c.hosts.list(a, {})).map((h) => h.name),
          ['y'],
        );
        await assert.rejects(c.hosts.setStatus(a, [y], 'maintenance', () => [taken]));
        assert.equal((await c.hosts.get(a, y))?.status, 'standby');
        await assert.rejects(c.hosts.retire(a, [y], at(4), () => [taken]));
        assert.equal((await c.hosts.get(a, y))?.isRetired, false);
        assert.deepEqual(await bodies(), before);
      }));

    test('monitor writes store the events made of the monitor in their own transaction, or nothing', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const taken = eventOf(a, 0);
        await c.alerts.apply(batchOf({ outbox: [taken] }));
        const made = (action: string) => (m: MonitorRecord) => [
          eventOf(a, 1, { event: 'monitor', action, id: m.id, name: m.name }),
        ];
        const input = { type: 'host', name: 'cpu', body: { metric: 'cpu%' } } as const;
        const m = await c.monitors.create(a, input, T0, made('create'));
        await c.monitors.replace(a, m.id, { ...input, name: 'load' }, at(1), made('update'));
        await assert.rejects(c.monitors.create(a, { ...input, name: 'lost' }, T0, () => [taken]));
        await assert.rejects(c.monitors.replace(a, m.id, { ...input, name: 'lost' }, at(2), () => [taken]));
        await assert.rejects(c.monitors.delete(a, m.id, 'gone', at(2), () => [taken]));
        assert.deepEqual(
          (await c.monitors.list(a)).map((r) => r.name),
          ['load'],
        );
        await c.monitors.delete(a, m.id, 'gone', at(3), made('delete'));
        assert.deepEqual(
          (await c.outbox.undispatched(100)).slice(1).map((e) => e.body),
          [
            { event: 'monitor', action: 'create', id: m.id, name: 'cpu' },
            { event: 'monitor', action: 'update', id: m.id, name: 'load' },
            { event: 'monitor', action: 'delete', id: m.id, name: 'load' },
          ],
        );
      }));

    test('a batch that fails stores none of its events', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.alerts.apply(batchOf({ alerts: [alertOf(a)] }));
        await rejectsWith(
          c.alerts.apply(batchOf({ alerts: [alertOf(a)], outbox: [eventOf(a, 1)] })),
          ConflictError,
          'Alert batch',
        );
        assert.deepEqual(await c.outbox.undispatched(10), []);
      }));

    test('channels are suspended and resumed per organization', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const ch = await c.channels.create(a, { type: 'webhook', name: 'hook', url: 'https://x.example/' }, at(1));
        assert.deepEqual(await c.channels.suspended(a), new Map());
        await c.channels.setSuspended(a, ch.id, at(5));
        assert.deepEqual(await c.channels.suspended(a), new Map([[ch.id, at(5)]]));
        assert.deepEqual(await c.channels.suspended(b), new Map());
        await rejectsWith(c.channels.setSuspended(b, ch.id, at(6)), NotFoundError, ch.id);
        const e = eventOf(a, 1);
        await c.alerts.apply(batchOf({ outbox: [e] }));
        await c.outbox.dispatch(e.id, [ch.id], at(5));
        assert.deepEqual(await c.outbox.due(at(5), 10), [], 'a suspended channel takes no place among the due');
        await c.channels.setSuspended(a, ch.id, null);
        assert.deepEqual(await c.channels.suspended(a), new Map());
        assert.deepEqual(
          (await c.outbox.due(at(5), 10)).map((d) => d.delivery.channelId),
          [ch.id],
          'resumed, its delivery is due again',
        );
        assert.deepEqual((await c.channels.get(a, ch.id))?.body, {
          type: 'webhook',
          name: 'hook',
          url: 'https://x.example/',
        });
      }));
  });
}
