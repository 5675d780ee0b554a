import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Catalog, newOrderedId, openCatalog } from '@saba/catalog';
import { type OrgId, unixSec } from '@saba/model';
import type { SendResult } from '../channels/kind.ts';
import type { Notification } from '../notification.ts';
import { DeliveryWorker, deliveryKey } from './worker.ts';

/** A receiver on loopback that records bodies and keys, and answers what it is told. */
async function receiver(): Promise<{
  url: string;
  got: { key: string; body: string }[];
  answer: { status: number };
  close(): Promise<void>;
}> {
  const got: { key: string; body: string }[] = [];
  const answer = { status: 200 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      got.push({ key: String(req.headers['x-saba-idempotency-key']), body });
      res.writeHead(answer.status).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, answer, close: () => new Promise((r) => server.close(() => r())) };
}

/** The real catalog file, a clock the test moves, and a worker whose channels post to `urls`. */
async function world(urls: Map<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'saba-delivery-'));
  let now = 1_700_000_000;
  const open = () => openCatalog({ driver: 'sqlite', path: join(dir, 'catalog.sqlite') });
  let catalog: Catalog = await open();
  const org: OrgId = (await catalog.orgs.create('o', null, unixSec(now))).id;
  const suspended = new Set<string>();
  const notification = (e: { id: string; body: unknown }): Notification => ({ ...(e.body as Notification), key: e.id });
  const worker = (): DeliveryWorker =>
    new DeliveryWorker({
      outbox: {
        undispatched: (l) => catalog.outbox.undispatched(l),
        dispatch: (id, ch, t) => catalog.outbox.dispatch(id, ch, unixSec(t)),
        due: (t, l) => catalog.outbox.due(unixSec(t), l),
        hurry: (o, ch, t) => catalog.outbox.hurry(o, ch, unixSec(t)),
        recordAttempt: (id, r, t) =>
          catalog.outbox.recordAttempt(
            id,
            r.sent ? r : { ...r, retryAt: r.retryAt === null ? null : unixSec(r.retryAt) },
            unixSec(t),
          ),
      },
      plan: async (e) => ({ notification: notification(e), channelIds: [...urls.keys()] }),
      notificationOf: async (e) => notification(e),
      send: async (_org, channelId, n): Promise<SendResult | 'gone' | 'suspended'> => {
        if (suspended.has(channelId)) return 'suspended';
        const url = urls.get(channelId);
        if (url === undefined) return 'gone';
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'x-saba-idempotency-key': n.key },
            body: JSON.stringify(n),
          });
          await res.text();
          if (res.ok) return { ok: true };
          return { ok: false, retryable: res.status >= 500 || res.status === 429, error: `HTTP ${res.status}` };
        } catch (err) {
          return { ok: false, retryable: true, error: (err as Error).message };
        }
      },
      suspend: async (_org, channelId) => {
        suspended.add(channelId);
      },
      now: () => now,
      log: () => undefined,
    });
  const decide = async (): Promise<string> => {
    const id = newOrderedId();
    const body = { event: 'alert', kind: 'open', orgName: 'o' } as const;
    await catalog.alerts.apply({
      alerts: [],
      logs: [],
      states: [],
      dropStates: [],
      groups: [],
      outbox: [{ id, orgId: org, body, createdAt: unixSec(now) }],
    });
    return id;
  };
  return {
    get catalog() {
      return catalog;
    },
    org,
    suspended,
    worker,
    decide,
    advance: (s: number) => {
      now += s;
    },
    /** What a kill -9 and a start leave: the same file opened afresh. */
    restart: async () => {
      await catalog.close();
      catalog = await open();
    },
    close: async () => {
      await catalog.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('an event is dispatched once to each channel and delivered with a key per (event, channel)', async () => {
  const a = await receiver();
  const b = await receiver();
  const w = await world(
    new Map([
      ['ch-a', a.url],
      ['ch-b', b.url],
    ]),
  );
  try {
    const id = await w.decide();
    const worker = w.worker();
    assert.equal(await worker.dispatch(), 1);
    assert.equal(await worker.dispatch(), 0, 'dispatched once');
    assert.equal(await worker.sendDue(), 2);
    assert.equal(await worker.sendDue(), 0, 'sent once');
    assert.deepEqual(
      a.got.map((g) => g.key),
      [deliveryKey(id, 'ch-a')],
    );
    assert.deepEqual(
      b.got.map((g) => g.key),
      [deliveryKey(id, 'ch-b')],
    );
    assert.equal(JSON.parse(a.got[0]?.body ?? '{}').orgName, 'o');
  } finally {
    await w.close();
    await a.close();
    await b.close();
  }
});

test('a receiver down for 5 minutes gets every notification once back, also after a kill -9 and a start', async () => {
  const r = await receiver();
  const w = await world(new Map([['ch', r.url]]));
  try {
    const ids = [await w.decide(), await w.decide()];
    r.answer.status = 503;
    await w.worker().dispatch();
    // Five minutes down, the worker passing every 10 s: retries back off (10 s, 30 s, 1 min...).
    for (let t = 0; t < 300; t += 10) {
      await w.worker().sendDue();
      w.advance(10);
    }
    const attemptsWhileDown = r.got.length;
    assert.ok(attemptsWhileDown >= 8 && attemptsWhileDown <= 14, `backed off: ${attemptsWhileDown} attempts in 5 min`);
    // The server is killed and started: only the catalog file remains.
    await w.restart();
    r.answer.status = 200;
    for (let t = 0; t < 300 && r.got.filter((g) => g.key !== '').length < attemptsWhileDown + 2; t += 10) {
      await w.worker().sendDue();
      w.advance(10);
    }
    const delivered = r.got.slice(attemptsWhileDown).map((g) => g.key);
    assert.deepEqual(delivered.sort(), ids.map((id) => deliveryKey(id, 'ch')).sort(), 'each once, under its own key');
    assert.ok(
      r.got.every((g) => ids.some((id) => g.key === deliveryKey(id, 'ch'))),
      'every attempt carried its delivery key, so a receiver can drop a repeat',
    );
    const list = await w.catalog.outbox.listForChannel(w.org, 'ch', 10);
    assert.deepEqual(
      list.map((d) => d.status),
      ['sent', 'sent'],
    );
  } finally {
    await w.close();
    await r.close();
  }
});

test('a refusal (4xx) is not retried; a channel failing for an hour is suspended and its deliveries wait', async () => {
  const r = await receiver();
  const w = await world(new Map([['ch', r.url]]));
  try {
    r.answer.status = 400;
    await w.decide();
    await w.worker().dispatch();
    await w.worker().sendDue();
    w.advance(3600);
    await w.worker().sendDue();
    assert.equal(r.got.length, 1, 'a permanent failure is given up at once');
    assert.deepEqual(
      (await w.catalog.outbox.listForChannel(w.org, 'ch', 10)).map((d) => [d.status, d.lastError]),
      [['failed', 'HTTP 400']],
    );

    r.answer.status = 500;
    const id = await w.decide();
    const worker = w.worker();
    await worker.dispatch();
    for (let t = 0; t <= 3600 && !w.suspended.has('ch'); t += 60) {
      await worker.sendDue();
      w.advance(60);
    }
    assert.ok(w.suspended.has('ch'), 'suspended after an hour of failures');
    const tries = r.got.length;
    w.advance(3600);
    await worker.sendDue();
    assert.equal(r.got.length, tries, 'nothing is sent to a suspended channel');
    // Resumed (by hand, in the UI): what waited is delivered.
    w.suspended.delete('ch');
    r.answer.status = 200;
    await worker.sendDue();
    assert.equal(r.got[r.got.length - 1]?.key, deliveryKey(id, 'ch'));
  } finally {
    await w.close();
    await r.close();
  }
});

test('a slow receiver holds back only its own channel; one channel gets its notifications in order', async () => {
  const fast = await receiver();
  const w = await world(new Map([['fast', fast.url]]));
  try {
    const ids = [await w.decide(), await w.decide(), await w.decide()];
    const base = w.worker() as unknown as { deps: ConstructorParameters<typeof DeliveryWorker>[0] };
    const order: string[] = [];
    let releaseSlow: () => void = () => undefined;
    const slowGate = new Promise<void>((r) => {
      releaseSlow = r;
    });
    const worker = new DeliveryWorker({
      ...base.deps,
      plan: async (e) => ({
        notification: (await base.deps.notificationOf(e)) as Notification,
        channelIds: ['slow', 'fast'],
      }),
      send: async (org, channelId, n) => {
        if (channelId === 'slow') await slowGate;
        order.push(`${channelId} ${n.key}`);
        return channelId === 'slow' ? { ok: true } : base.deps.send(org, channelId, n);
      },
    });
    await worker.dispatch();
    const pass = worker.sendDue();
    // The fast channel's three arrive while the slow one is still stuck on its first.
    for (let i = 0; i < 1000 && fast.got.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      fast.got.map((g) => g.key),
      ids.map((id) => deliveryKey(id, 'fast')),
      'in the order decided',
    );
    releaseSlow();
    assert.equal(await pass, 6);
    assert.deepEqual(
      order.filter((o) => o.startsWith('slow')),
      ids.map((id) => `slow ${deliveryKey(id, 'slow')}`),
    );
  } finally {
    await w.close();
    await fast.close();
  }
});

test('when a failing channel answers again, what waits on its backoff goes at once', async () => {
  const r = await receiver();
  const w = await world(new Map([['ch', r.url]]));
  try {
    r.answer.status = 503;
    const ids = [await w.decide(), await w.decide()];
    const worker = w.worker();
    await worker.dispatch();
    // Both fail now and at +10 s; their next tries are 30 s away.
    await worker.sendDue();
    w.advance(10);
    await worker.sendDue();
    r.answer.status = 200;
    w.advance(10);
    // The receiver is back. A new notification goes through, and the channel's waiting ones follow
    // in the next pass instead of at their backoff time, 20 s from now.
    const third = await w.decide();
    await worker.dispatch();
    await worker.sendDue();
    await worker.sendDue();
    const ok = r.got
      .slice(-3)
      .map((g) => g.key)
      .sort();
    assert.deepEqual(ok, [...ids, third].map((id) => deliveryKey(id, 'ch')).sort());
  } finally {
    await w.close();
    await r.close();
  }
});
