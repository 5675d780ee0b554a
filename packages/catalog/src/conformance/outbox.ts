import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError, type OrgId } from '@saba/model';
import type { OutboxEvent } from '../catalog.ts';
import { newOrderedId } from '../ids.ts';
import { alertOf, batchOf } from './alert-fixture.ts';
import { at, type OpenCatalog, rejectsWith, twoOrgs, withCatalog } from './fixture.ts';

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
          list.map((d) => [d.status, d.attempts, d.sentAt, d.lastError]),
          [['sent', 2, at(71), null]],
        );
        assert.deepEqual(
          (await c.outbox.listForChannel(a, 'bad', 10)).map((d) => [d.status, d.attempts, d.lastError]),
          [['failed', 1, 'HTTP 400']],
        );
        assert.deepEqual(await c.outbox.due(at(1000), 10), []);
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

    test('add: events made outside the engine are stored in order, all or none, and dispatched as any', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        await c.outbox.add([]);
        const host = eventOf(a, 1, { event: 'hostRegister', hostId: 'h1' });
        const monitor = eventOf(b, 2, { event: 'monitor', action: 'delete', monitorId: 'm1', monitor: { name: 'x' } });
        const later = eventOf(a, 3, { event: 'hostRetire', hostId: 'h1' });
        await c.outbox.add([host, monitor]);
        await c.outbox.add([later]);
        assert.deepEqual(await c.outbox.undispatched(10), [host, monitor, later]);
        await rejectsWith(c.outbox.add([eventOf(a, 4), { ...host, createdAt: at(4) }]), ConflictError, 'id is taken');
        assert.deepEqual(await c.outbox.undispatched(10), [host, monitor, later], 'a failed add stores none');
        assert.equal(await c.outbox.dispatch(host.id, ['ch1'], at(5)), true);
        const [due] = await c.outbox.due(at(5), 10);
        assert.deepEqual(due?.event, host);
        assert.equal(due?.delivery.orgId, a);
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
