// Host metrics (spec mackerel-api.md §4.1, §4.2) and service metrics (§5): post, read, latest, names.
// Over 500 lines: host and service metrics share their posting and reading rules, tested here
// side by side against one server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertSuccess, createHost, type Json, nowSec, qs } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let hostA: string;
let hostB: string;
/** A minute boundary an hour ago: everything posted from here on is well inside the 24 h window. */
let t0: number;

before(async () => {
  h = await startHarness();
  hostA = await createHost(h, { name: 'metrics-a' });
  hostB = await createHost(h, { name: 'metrics-b' });
  t0 = Math.floor(nowSec() / 60) * 60 - 3600;
});
after(async () => {
  await h.close();
});

type Point = { time: number; value: number };

async function hostMetrics(id: string, name: string, from: number, to: number, key?: string) {
  return h.call(
    'GET',
    `/api/v0/hosts/${id}/metrics?${qs([
      ['name', name],
      ['from', from],
      ['to', to],
    ])}`,
    key ? { key } : {},
  );
}

async function points(id: string, name: string, from = t0 - 600, to = nowSec() + 60): Promise<Point[]> {
  const a = await hostMetrics(id, name, from, to);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['metrics']);
  return a.json.metrics as Point[];
}

describe('POST /api/v0/tsdb', () => {
  test('a bare array mixing two hosts, as the agent posts it', async () => {
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        body: [
          { hostId: hostA, name: 'loadavg5', time: t0, value: 1.01 },
          { hostId: hostA, name: 'cpu.user.percentage', time: t0, value: 79.41994772784757 },
          { hostId: hostB, name: 'loadavg5', time: t0, value: 0.5 },
          { hostId: hostA, name: 'interface.eth0.rxBytes.delta', time: t0, value: 0 },
          { hostId: hostB, name: 'custom.big', time: t0, value: 1e21 },
        ],
      }),
    );
    assert.deepEqual(await points(hostA, 'loadavg5'), [{ time: t0, value: 1.01 }]);
    assert.deepEqual(await points(hostA, 'cpu.user.percentage'), [{ time: t0, value: 79.41994772784757 }]);
    assert.deepEqual(await points(hostA, 'interface.eth0.rxBytes.delta'), [{ time: t0, value: 0 }]);
    assert.deepEqual(await points(hostB, 'loadavg5'), [{ time: t0, value: 0.5 }]);
    assert.deepEqual(await points(hostB, 'custom.big'), [{ time: t0, value: 1e21 }]);
  });

  test('a re-post of the same host, name and time overwrites (spec §1.4 #9)', async () => {
    const body = [{ hostId: hostA, name: 'custom.retry', time: t0 + 60, value: 1 }];
    assertSuccess(await h.call('POST', '/api/v0/tsdb', { body }));
    assertSuccess(await h.call('POST', '/api/v0/tsdb', { body }));
    assert.deepEqual(await points(hostA, 'custom.retry'), [{ time: t0 + 60, value: 1 }]);
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        body: [{ hostId: hostA, name: 'custom.retry', time: t0 + 60, value: 2 }],
      }),
    );
    assert.deepEqual(await points(hostA, 'custom.retry'), [{ time: t0 + 60, value: 2 }]);
  });

  test('values more than 24 h old (or ahead) are answered 200 and not stored', async () => {
    const now = nowSec();
    const old = now - 24 * 3600 - 300;
    const ahead = now + 24 * 3600 + 300;
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        body: [
          { hostId: hostA, name: 'custom.window', time: old, value: 1 },
          { hostId: hostA, name: 'custom.window', time: t0, value: 2 },
          { hostId: hostA, name: 'custom.window', time: ahead, value: 3 },
          { hostId: hostA, name: 'custom.onlyold', time: old, value: 4 },
        ],
      }),
    );
    assert.deepEqual(await points(hostA, 'custom.window', old - 60, old + 60), []);
    assert.deepEqual(await points(hostA, 'custom.window', ahead - 60, ahead + 60), []);
    assert.deepEqual(await points(hostA, 'custom.window'), [{ time: t0, value: 2 }]);
    assertError(await hostMetrics(hostA, 'custom.onlyold', old - 60, old + 60), 404);
  });

  test('an empty array, and null (a Go nil slice, spec §1.4 #4), are accepted', async () => {
    assertSuccess(await h.call('POST', '/api/v0/tsdb', { body: [] }));
    assertSuccess(await h.call('POST', '/api/v0/tsdb', { raw: 'null\n' }));
  });

  /** Malformed batches: each carries one valid item first, which must not be stored either. */
  const malformed: ReadonlyArray<readonly [string, (valid: Json) => unknown, RegExp]> = [
    ['an item that is not an object', (v) => [v, 5], /item 1/],
    ['an item without value', (v) => [v, { hostId: hostA, name: 'x', time: t0 }], /item 1.*value/],
    ['an item without name', (v) => [v, { hostId: hostA, time: t0, value: 1 }], /item 1.*name/],
    ['an item without time', (v) => [v, { hostId: hostA, name: 'x', value: 1 }], /item 1.*time/],
    ['an item without hostId', (v) => [v, { name: 'x', time: t0, value: 1 }], /item 1.*hostId/],
    ['a value that is a string', (v) => [v, { hostId: hostA, name: 'x', time: t0, value: '1.5' }], /item 1.*value/],
    ['a value that is null', (v) => [v, { hostId: hostA, name: 'x', time: t0, value: null }], /item 1.*value/],
    ['a time that is a string', (v) => [v, { hostId: hostA, name: 'x', time: String(t0), value: 1 }], /item 1.*time/],
    ['a name with a space', (v) => [v, { hostId: hostA, name: 'bad name', time: t0, value: 1 }], /item 1.*name/],
    ['a body that is an object', (v) => v, /array/],
    ['a body that is a string', () => 'metrics', /array/],
  ];
  malformed.forEach(([what, body, message], i) => {
    test(`400 naming the problem for ${what}; nothing stored`, async () => {
      const name = `custom.malformed.m${i}`;
      const a = await h.call('POST', '/api/v0/tsdb', { body: body({ hostId: hostA, name, time: t0, value: 1 }) });
      assertError(a, 400, message);
      assertError(await hostMetrics(hostA, name, t0 - 60, t0 + 60), 404);
    });
  });

  test('400 for a body that is not JSON', async () => {
    assertError(await h.call('POST', '/api/v0/tsdb', { raw: '[{"hostId":' }), 400);
  });

  test("400 for an unknown or another organization's hostId; nothing stored", async () => {
    const org = await h.newOrg();
    const theirs = await createHost(h, { name: 'elsewhere' }, org.key);
    for (const [i, stranger] of ['NoSuchHost1', theirs].entries()) {
      const name = `custom.stranger.s${i}`;
      const a = await h.call('POST', '/api/v0/tsdb', {
        body: [
          { hostId: hostA, name, time: t0, value: 1 },
          { hostId: stranger, name, time: t0, value: 1 },
        ],
      });
      assertError(a, 400, new RegExp(stranger));
      assertError(await hostMetrics(hostA, name, t0 - 60, t0 + 60), 404);
    }
    assertError(await hostMetrics(theirs, 'custom.stranger.s1', t0 - 60, t0 + 60, org.key), 404);
  });

  test("a retired host's values are never stored; a batch of only retired hosts is refused (spec §21)", async () => {
    const id = await createHost(h, { name: 'metrics-retired' });
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', { body: [{ hostId: id, name: 'loadavg1', time: t0, value: 1 }] }),
    );
    assertSuccess(await h.call('POST', `/api/v0/hosts/${id}/retire`, { raw: 'null\n' }));
    const only = await h.call('POST', '/api/v0/tsdb', {
      body: [{ hostId: id, name: 'loadavg1', time: t0 + 60, value: 2 }],
    });
    assert.ok(only.status >= 400 && only.status < 500, only.text);
    assertError(only, only.status, new RegExp(id));

    // Spec §21 allows "ignore/reject" for a batch that also carries live hosts: either the
    // retired host's values are dropped and the rest stored, or the whole batch is refused.
    const mixed = await h.call('POST', '/api/v0/tsdb', {
      body: [
        { hostId: hostA, name: 'custom.with-retired', time: t0, value: 1 },
        { hostId: id, name: 'loadavg1', time: t0 + 120, value: 3 },
      ],
    });
    if (mixed.status === 200) {
      assert.deepEqual(await points(hostA, 'custom.with-retired'), [{ time: t0, value: 1 }]);
    } else {
      assertError(mixed, mixed.status);
      assertError(await hostMetrics(hostA, 'custom.with-retired', t0 - 60, t0 + 60), 404);
    }
    assert.deepEqual(await points(id, 'loadavg1', t0 - 60, t0 + 180), [{ time: t0, value: 1 }]);
  });

  test('400 for more than 100,000 values in one request; nothing stored', async () => {
    const body = Array.from({ length: 100_001 }, (_, i) => ({
      hostId: hostA,
      name: 'custom.flood',
      time: t0 - (i % 60) * 60,
      value: i,
    }));
    assertError(await h.call('POST', '/api/v0/tsdb', { body }), 400, /100000|100,000/);
    assertError(await hostMetrics(hostA, 'custom.flood', t0 - 3600, t0 + 60), 404);
  });
});

describe('GET /api/v0/hosts/<id>/metrics', () => {
  test('points come in ascending time whatever the posting order', async () => {
    const times = [t0 + 240, t0, t0 + 120, t0 + 60, t0 + 180];
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        body: times.map((time) => ({ hostId: hostA, name: 'custom.order', time, value: time - t0 })),
      }),
    );
    const got = await points(hostA, 'custom.order');
    assert.deepEqual(
      got,
      [0, 60, 120, 180, 240].map((d) => ({ time: t0 + d, value: d })),
    );
    // from and to are inclusive bounds in epoch seconds.
    assert.deepEqual(
      (await points(hostA, 'custom.order', t0 + 60, t0 + 180)).map((p) => p.time),
      [t0 + 60, t0 + 120, t0 + 180],
    );
  });

  test('a 3-day range returns 5-minute means stamped at 5-minute boundaries', async () => {
    const base = Math.floor((nowSec() - 7200) / 300) * 300;
    // Ten minutes of values 1..10: the first bucket averages 1..5, the second 6..10.
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        body: Array.from({ length: 10 }, (_, i) => ({
          hostId: hostA,
          name: 'custom.rollup',
          time: base + i * 60,
          value: i + 1,
        })),
      }),
    );
    const now = nowSec();
    const long = await points(hostA, 'custom.rollup', now - 3 * 86400, now);
    assert.deepEqual(long, [
      { time: base, value: 3 },
      { time: base + 300, value: 8 },
    ]);
    for (const p of long) assert.equal(p.time % 300, 0);
    // A short range returns the raw minute points.
    assert.equal((await points(hostA, 'custom.rollup', base, base + 600)).length, 10);
  });

  const missing: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string | number]>]> = [
    [
      'name',
      [
        ['from', 0],
        ['to', 1],
      ],
    ],
    [
      'from',
      [
        ['name', 'loadavg5'],
        ['to', 1],
      ],
    ],
    [
      'to',
      [
        ['name', 'loadavg5'],
        ['from', 0],
      ],
    ],
    ['everything', []],
  ];
  for (const [what, query] of missing) {
    test(`400 without ${what}`, async () => {
      assertError(await h.call('GET', `/api/v0/hosts/${hostA}/metrics?${qs(query)}`), 400);
    });
  }

  test('400 for a non-numeric from', async () => {
    assertError(
      await h.call(
        'GET',
        `/api/v0/hosts/${hostA}/metrics?${qs([
          ['name', 'loadavg5'],
          ['from', 'yesterday'],
          ['to', 1],
        ])}`,
      ),
      400,
    );
  });

  test('404 for an unknown host and for a metric the host does not have', async () => {
    assertError(await hostMetrics('NoSuchHost1', 'loadavg5', t0 - 60, t0 + 60), 404);
    assertError(await hostMetrics(hostA, 'no.such.metric', t0 - 60, t0 + 60), 404);
    // A metric the host has, over a range without points: an empty list.
    assert.deepEqual(await points(hostA, 'loadavg5', t0 - 7200, t0 - 3600), []);
  });
});

describe('GET /api/v0/hosts/<id>/metric-names', () => {
  test('names of every metric posted for the host', async () => {
    const id = await createHost(h, { name: 'names-host' });
    assert.deepEqual((await h.call('GET', `/api/v0/hosts/${id}/metric-names`)).json, { names: [] });
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        body: [
          { hostId: id, name: 'loadavg5', time: t0, value: 1 },
          { hostId: id, name: 'memory.used', time: t0, value: 1 },
          { hostId: id, name: 'custom.test.value', time: t0, value: 1 },
          { hostId: hostB, name: 'only.on.b', time: t0, value: 1 },
        ],
      }),
    );
    const a = await h.call('GET', `/api/v0/hosts/${id}/metric-names`);
    assert.equal(a.status, 200);
    assert.deepEqual([...a.json.names].sort(), ['custom.test.value', 'loadavg5', 'memory.used']);
  });

  test('404 for an unknown host', async () => {
    assertError(await h.call('GET', '/api/v0/hosts/NoSuchHost1/metric-names'), 404);
  });
});

describe('GET /api/v0/tsdb/latest', () => {
  let x: string;
  let y: string;
  before(async () => {
    x = await createHost(h, { name: 'latest-x' });
    y = await createHost(h, { name: 'latest-y' });
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        body: [
          { hostId: x, name: 'loadavg5', time: t0, value: 1 },
          { hostId: x, name: 'loadavg5', time: t0 + 60, value: 2 },
          { hostId: x, name: 'custom.foo.bar', time: t0, value: 3 },
          { hostId: x, name: 'custom.foo.baz', time: t0 + 60, value: 4 },
          { hostId: x, name: 'custom.foo.deep.er', time: t0, value: 5 },
          { hostId: x, name: 'cpu.user.percentage', time: t0, value: 6 },
          { hostId: y, name: 'loadavg5', time: t0 + 120, value: 7 },
        ],
      }),
    );
  });

  test('a nested map by host and name, with repeatable hostId and name', async () => {
    const a = await h.call(
      'GET',
      `/api/v0/tsdb/latest?${qs([
        ['hostId', x],
        ['hostId', y],
        ['name', 'loadavg5'],
        ['name', 'cpu.user.percentage'],
      ])}`,
    );
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, {
      tsdbLatest: {
        [x]: { loadavg5: { time: t0 + 60, value: 2 }, 'cpu.user.percentage': { time: t0, value: 6 } },
        [y]: { loadavg5: { time: t0 + 120, value: 7 } },
      },
    });
  });

  test('a wildcard segment matches one dot-free segment', async () => {
    const a = await h.call(
      'GET',
      `/api/v0/tsdb/latest?${qs([
        ['hostId', x],
        ['name', 'custom.foo.*'],
      ])}`,
    );
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.tsdbLatest, {
      [x]: { 'custom.foo.bar': { time: t0, value: 3 }, 'custom.foo.baz': { time: t0 + 60, value: 4 } },
    });
  });

  test("unknown hosts and other organizations' hosts are omitted", async () => {
    const org = await h.newOrg();
    const theirs = await createHost(h, { name: 'latest-theirs' }, org.key);
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb', {
        key: org.key,
        body: [{ hostId: theirs, name: 'loadavg5', time: t0, value: 9 }],
      }),
    );
    const a = await h.call(
      'GET',
      `/api/v0/tsdb/latest?${qs([
        ['hostId', x],
        ['hostId', theirs],
        ['hostId', 'NoSuchHost1'],
        ['name', 'loadavg5'],
      ])}`,
    );
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.tsdbLatest, { [x]: { loadavg5: { time: t0 + 60, value: 2 } } });
  });

  test('400 without hostId or name (mkr always sends both; spec silent on their absence)', async () => {
    assertError(await h.call('GET', `/api/v0/tsdb/latest?${qs([['name', 'loadavg5']])}`), 400);
    assertError(await h.call('GET', `/api/v0/tsdb/latest?${qs([['hostId', x]])}`), 400);
  });
});

describe('service metrics (spec §5)', () => {
  before(async () => {
    assert.equal((await h.call('POST', '/api/v0/services', { body: { name: 'Shop' } })).status, 200);
  });

  const serviceMetrics = (svc: string, name: string, from: number, to: number) =>
    h.call(
      'GET',
      `/api/v0/services/${svc}/metrics?${qs([
        ['name', name],
        ['from', from],
        ['to', to],
      ])}`,
    );

  test('post, read in ascending time, overwrite, list names; no custom. prefix needed', async () => {
    assertSuccess(
      await h.call('POST', '/api/v0/services/Shop/tsdb', {
        body: [
          { name: 'orders.count', time: t0 + 60, value: 5 },
          { name: 'orders.count', time: t0, value: 3 },
          { name: 'revenue', time: t0, value: 1e3 },
        ],
      }),
    );
    assertSuccess(
      await h.call('POST', '/api/v0/services/Shop/tsdb', { body: [{ name: 'orders.count', time: t0 + 60, value: 6 }] }),
    );
    const a = await serviceMetrics('Shop', 'orders.count', t0 - 60, t0 + 120);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, {
      metrics: [
        { time: t0, value: 3 },
        { time: t0 + 60, value: 6 },
      ],
    });
    const names = await h.call('GET', '/api/v0/services/Shop/metric-names');
    assert.equal(names.status, 200);
    assert.deepEqual([...names.json.names].sort(), ['orders.count', 'revenue']);
  });

  test('values more than 24 h old are answered 200 and not stored', async () => {
    const old = nowSec() - 24 * 3600 - 300;
    assertSuccess(
      await h.call('POST', '/api/v0/services/Shop/tsdb', { body: [{ name: 'old.only', time: old, value: 1 }] }),
    );
    assertError(await serviceMetrics('Shop', 'old.only', old - 60, old + 60), 404);
  });

  test('404 for an unknown service on every service metric endpoint', async () => {
    assertError(
      await h.call('POST', '/api/v0/services/NoSuchSvc/tsdb', { body: [{ name: 'a', time: t0, value: 1 }] }),
      404,
    );
    assertError(await serviceMetrics('NoSuchSvc', 'a', t0 - 60, t0 + 60), 404);
    assertError(await h.call('GET', '/api/v0/services/NoSuchSvc/metric-names'), 404);
  });

  test('404 for a metric the service does not have; 400 without name, from or to', async () => {
    assertError(await serviceMetrics('Shop', 'no.such', t0 - 60, t0 + 60), 404);
    const queries: ReadonlyArray<ReadonlyArray<readonly [string, string | number]>> = [
      [
        ['from', 0],
        ['to', 1],
      ],
      [
        ['name', 'revenue'],
        ['to', 1],
      ],
      [
        ['name', 'revenue'],
        ['from', 0],
      ],
    ];
    for (const query of queries) assertError(await h.call('GET', `/api/v0/services/Shop/metrics?${qs(query)}`), 400);
  });

  // Spec §5. Service graphs are drawn from metric names, so deleting one deletes its series.
  test('DELETE /api/v0/services/<name>/graph-defs/<graph.*> deletes the graph; 404 for a missing service or graph', async () => {
    assertSuccess(
      await h.call('POST', '/api/v0/services/Shop/tsdb', {
        body: [
          { name: 'access_num.web', time: t0, value: 1 },
          { name: 'access_num.api', time: t0, value: 2 },
          { name: 'access_numx.web', time: t0, value: 3 },
        ],
      }),
    );
    assertSuccess(await h.call('DELETE', '/api/v0/services/Shop/graph-defs/access_num.*'));
    const names = (await h.call('GET', '/api/v0/services/Shop/metric-names')).json.names as string[];
    assert.ok(!names.includes('access_num.web') && !names.includes('access_num.api'), names.join());
    assert.ok(names.includes('access_numx.web'), 'a graph with a longer prefix is not touched');
    assertSuccess(
      await h.call('POST', '/api/v0/services/Shop/tsdb', { body: [{ name: 'access_num.web', time: t0, value: 4 }] }),
    );
    assert.ok(
      (await h.call('GET', '/api/v0/services/Shop/metric-names')).json.names.includes('access_num.web'),
      'posting again brings it back',
    );
    assertError(await h.call('DELETE', '/api/v0/services/Shop/graph-defs/never.*'), 404);
    assertError(await h.call('DELETE', '/api/v0/services/NoSuchSvc/graph-defs/access_num.*'), 404);
  });

  test('400 for a malformed batch; nothing stored', async () => {
    const bodies: unknown[] = [
      [
        { name: 'svc.bad', time: t0, value: 1 },
        { name: 'svc.bad', time: t0 },
      ],
      [
        { name: 'svc.bad', time: t0, value: 1 },
        { name: 'svc.bad', time: t0, value: 'x' },
      ],
      [{ name: 'svc.bad', time: t0, value: 1 }, 'x'],
      { name: 'svc.bad', time: t0, value: 1 },
    ];
    for (const body of bodies) assertError(await h.call('POST', '/api/v0/services/Shop/tsdb', { body }), 400);
    assertError(await serviceMetrics('Shop', 'svc.bad', t0 - 60, t0 + 60), 404);
  });
});
