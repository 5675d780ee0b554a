import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError, DAY_MS, HOUR_MS, hostId, LimitError, MINUTE_MS, type OrgId } from '@saba/model';
import { matcher } from '@saba/storage';
import { lookupOf, ORG_A, ORG_B, openStore, read, T0, T0_SEC } from '../testing/fixture.ts';
import { type HostLookup, MackerelIngest } from './ingest.ts';

/** A post's counts without the values it carried. */
function counts(r: { accepted: number; outOfWindow: number }): { accepted: number; outOfWindow: number } {
  return { accepted: r.accepted, outOfWindow: r.outOfWindow };
}

const LOAD = matcher('=', '__name__', 'loadavg5');
const H1 = matcher('=', 'host', 'h1');

test('a post mixing hosts stores each value under its host, looking the hosts up once', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false, h2: false });
    const r = await ingest.postHostMetrics(
      ORG_A,
      [
        { hostId: 'h1', name: 'loadavg5', time: T0_SEC - 60, value: 0.5 },
        { hostId: 'h1', name: 'cpu.user.percentage', time: T0_SEC, value: 12.25 },
        { hostId: 'h2', name: 'loadavg5', time: T0_SEC, value: 1e21 },
        { hostId: 'h1', name: 'loadavg5', time: T0_SEC, value: 0.75 },
        { hostId: 'h2', name: 'custom.dice.d6', time: T0_SEC, value: 3 },
      ],
      lookup,
    );
    assert.deepEqual(counts(r), { accepted: 5, outOfWindow: 0 });
    // The values come back as parsed, for the monitor stage to judge.
    assert.deepEqual(
      r.items.map((v) => `${v.hostId} ${v.name} ${v.value}`),
      [
        'h1 loadavg5 0.5',
        'h1 cpu.user.percentage 12.25',
        'h2 loadavg5 1e+21',
        'h1 loadavg5 0.75',
        'h2 custom.dice.d6 3',
      ],
    );
    assert.deepEqual(lookup.calls, [[ORG_A, ['h1', 'h2']]]);
    assert.deepEqual(read(s.storage, ORG_A, []), {
      '__name__=cpu.user.percentage,host=h1': [[T0, 12.25]],
      '__name__=custom.dice.d6,host=h2': [[T0, 3]],
      '__name__=loadavg5,host=h1': [
        [T0 - MINUTE_MS, 0.5],
        [T0, 0.75],
      ],
      '__name__=loadavg5,host=h2': [[T0, 1e21]],
    });
    assert.equal(s.storage.counts.commit, 1);
  } finally {
    await s.close();
  }
});

test('re-posting a host, name and time overwrites the value (the agent retries every failed post)', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false });
    await ingest.postHostMetrics(ORG_A, [{ hostId: 'h1', name: 'loadavg5', time: T0_SEC, value: 1 }], lookup);
    await ingest.postHostMetrics(ORG_A, [{ hostId: 'h1', name: 'loadavg5', time: T0_SEC, value: 2 }], lookup);
    await ingest.postHostMetrics(ORG_A, [{ hostId: 'h1', name: 'loadavg5', time: T0_SEC, value: 2 }], lookup);
    assert.deepEqual(read(s.storage, ORG_A, [LOAD, H1]), { '__name__=loadavg5,host=h1': [[T0, 2]] });
  } finally {
    await s.close();
  }
});

test('fractional seconds are rounded down to the whole second', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false });
    await ingest.postHostMetrics(ORG_A, [{ hostId: 'h1', name: 'loadavg5', time: T0_SEC + 0.999, value: 1 }], lookup);
    await ingest.postHostMetrics(ORG_A, [{ hostId: 'h1', name: 'loadavg5', time: T0_SEC + 0.2, value: 2 }], lookup);
    assert.deepEqual(read(s.storage, ORG_A, [LOAD]), { '__name__=loadavg5,host=h1': [[T0, 2]] });
  } finally {
    await s.close();
  }
});

test('values more than 24 h old or ahead are dropped and counted, the post succeeds', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const r = await ingest.postHostMetrics(
      ORG_A,
      [
        { hostId: 'h1', name: 'loadavg5', time: (T0 - DAY_MS - HOUR_MS) / 1000, value: 1 },
        { hostId: 'h1', name: 'loadavg5', time: (T0 - DAY_MS + HOUR_MS) / 1000, value: 2 },
        { hostId: 'h1', name: 'loadavg5', time: (T0 + DAY_MS + HOUR_MS) / 1000, value: 3 },
        // A client sending milliseconds by mistake: 1,000 times too far ahead.
        { hostId: 'h1', name: 'loadavg5', time: T0, value: 4 },
      ],
      lookupOf({ h1: false }),
    );
    assert.deepEqual(counts(r), { accepted: 1, outOfWindow: 3 });
    assert.deepEqual(read(s.storage, ORG_A, [LOAD]), { '__name__=loadavg5,host=h1': [[T0 - DAY_MS + HOUR_MS, 2]] });
  } finally {
    await s.close();
  }
});

test('an empty array or a null body (a Go nil slice) stores nothing and succeeds without a lookup', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({});
    for (const body of [[], null]) {
      assert.deepEqual(counts(await ingest.postHostMetrics(ORG_A, body, lookup)), { accepted: 0, outOfWindow: 0 });
      assert.deepEqual(counts(await ingest.postServiceMetrics(ORG_A, 'web', body)), { accepted: 0, outOfWindow: 0 });
    }
    assert.deepEqual(lookup.calls, []);
    assert.equal(s.storage.counts.commit, 0);
  } finally {
    await s.close();
  }
});

/** The two ways a host metric body arrives: parsed, or as the request's bytes. */
const VIA = {
  parsed: (ingest: MackerelIngest, org: OrgId, body: unknown, lookup: HostLookup) =>
    ingest.postHostMetrics(org, body, lookup),
  bytes: (ingest: MackerelIngest, org: OrgId, body: unknown, lookup: HostLookup) =>
    ingest.postHostMetricsJson(org, Buffer.from(JSON.stringify(body)), lookup),
};

for (const [via, post] of Object.entries(VIA)) {
  test(`${via}: an unknown host, or retired hosts only, fail the whole post and nothing is stored`, async () => {
    const cases = [
      { name: 'unknown host', ids: ['h1', 'nope'], message: /^host "nope" not found$/ },
      { name: 'retired host only', ids: ['old', 'old'], message: /^host "old" is retired; its metrics are refused$/ },
    ];
    for (const c of cases) {
      const s = await openStore();
      try {
        const ingest = new MackerelIngest(s.storage);
        const lookup = lookupOf({ h1: false, old: true });
        const body = c.ids.map((id) => ({ hostId: id, name: 'loadavg5', time: T0_SEC, value: 1 }));
        await assert.rejects(post(ingest, ORG_A, body, lookup), (err: unknown) => {
          assert.ok(err instanceof BadDataError, c.name);
          assert.match(err.message, c.message, c.name);
          return true;
        });
        assert.deepEqual(read(s.storage, ORG_A, []), {}, c.name);
        assert.equal(s.storage.counts.commit, 0, c.name);
      } finally {
        await s.close();
      }
    }
  });

  test(`${via}: values of a retired host are dropped when the batch also carries a live host`, async () => {
    const s = await openStore();
    try {
      const ingest = new MackerelIngest(s.storage);
      const lookup = lookupOf({ h1: false, old: true });
      const body = [
        { hostId: 'h1', name: 'loadavg5', time: T0_SEC, value: 1 },
        { hostId: 'old', name: 'loadavg5', time: T0_SEC, value: 2 },
        { hostId: 'h1', name: 'loadavg1', time: T0_SEC, value: 3 },
      ];
      const r = await post(ingest, ORG_A, body, lookup);
      assert.equal(r.accepted, 2);
      const stored = read(s.storage, ORG_A, []);
      assert.deepEqual(Object.keys(stored).sort(), ['__name__=loadavg1,host=h1', '__name__=loadavg5,host=h1']);
    } finally {
      await s.close();
    }
  });
}

test('bytes: a post is stored as its parsed body is, whether scanned or left to JSON.parse', async () => {
  const body = [
    { hostId: 'h1', name: 'loadavg5', time: T0_SEC - 60, value: 0.5 },
    { hostId: 'h1', name: 'cpu.user.percentage', time: T0_SEC + 0.75, value: -0 },
    { hostId: 'h2', name: 'loadavg5', time: T0_SEC, value: 1e21 },
    { hostId: 'h1', name: 'loadavg5', time: T0_SEC, value: 0.30000000000000004 },
  ];
  // JSON.stringify writes -0 as 0; the agent's encoder writes -0.
  const text = JSON.stringify(body).replace('"value":0}', '"value":-0}');
  assert.ok(text.includes('-0}'));
  // The same body with an escape in a host id: the scanner leaves it to JSON.parse.
  const escaped = text.replaceAll('"h2"', '"\\u0068\\u0032"');
  assert.notEqual(escaped, text);
  const stored: Record<string, [number, number][]>[] = [];
  for (const post of [
    (i: MackerelIngest, l: HostLookup) => i.postHostMetrics(ORG_A, body, l),
    (i: MackerelIngest, l: HostLookup) => i.postHostMetricsJson(ORG_A, Buffer.from(text), l),
    (i: MackerelIngest, l: HostLookup) => i.postHostMetricsJson(ORG_A, Buffer.from(escaped), l),
  ]) {
    const s = await openStore();
    try {
      const lookup = lookupOf({ h1: false, h2: false });
      assert.deepEqual(counts(await post(new MackerelIngest(s.storage), lookup)), { accepted: 4, outOfWindow: 0 });
      assert.deepEqual(lookup.calls, [[ORG_A, ['h1', 'h2']]]);
      stored.push(read(s.storage, ORG_A, []));
    } finally {
      await s.close();
    }
  }
  assert.deepEqual(stored[1], stored[0]);
  assert.deepEqual(stored[2], stored[0]);
  assert.ok(Object.is(stored[1]?.['__name__=cpu.user.percentage,host=h1']?.[0]?.[1], -0));
});

test('bytes: a body that is not JSON is refused with the parser’s reason, before any lookup', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false });
    for (const text of ['[{"hostId":"h1",', '', 'nul', '[1,]']) {
      let reason = '';
      try {
        JSON.parse(text);
      } catch (err) {
        reason = (err as Error).message;
      }
      await assert.rejects(ingest.postHostMetricsJson(ORG_A, Buffer.from(text), lookup), (err: unknown) => {
        assert.ok(err instanceof BadDataError, text);
        assert.equal(err.message, `request body is not valid JSON: ${reason}`);
        return true;
      });
    }
    assert.deepEqual(lookup.calls, []);
    assert.equal(s.storage.counts.commit, 0);
  } finally {
    await s.close();
  }
});

test('bytes: null (a Go nil slice) stores nothing and succeeds', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    assert.deepEqual(await ingest.postHostMetricsJson(ORG_A, Buffer.from(' null '), lookupOf({})), {
      accepted: 0,
      outOfWindow: 0,
      items: [],
    });
  } finally {
    await s.close();
  }
});

test('bytes and parsed posts share the cached refs', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false });
    const c = s.storage.counts;
    await ingest.postHostMetrics(ORG_A, minute(['h1'], ['a', 'b'], T0_SEC, 1), lookup);
    await ingest.postHostMetricsJson(
      ORG_A,
      Buffer.from(JSON.stringify(minute(['h1'], ['a', 'b'], T0_SEC + 60, 2))),
      lookup,
    );
    assert.deepEqual([c.append, c.appendRef, c.staleRef], [2, 2, 0]);
  } finally {
    await s.close();
  }
});

test('one organization cannot read another one’s series, even for the same host id and name', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false });
    for (let i = 0; i < 2; i++) {
      const t = T0_SEC + i * 60;
      await ingest.postHostMetrics(ORG_A, [{ hostId: 'h1', name: 'loadavg5', time: t, value: 1 }], lookup);
      await ingest.postHostMetrics(ORG_B, [{ hostId: 'h1', name: 'loadavg5', time: t, value: 2 }], lookup);
    }
    assert.deepEqual(read(s.storage, ORG_A, []), {
      '__name__=loadavg5,host=h1': [
        [T0, 1],
        [T0 + MINUTE_MS, 1],
      ],
    });
    assert.deepEqual(read(s.storage, ORG_B, []), {
      '__name__=loadavg5,host=h1': [
        [T0, 2],
        [T0 + MINUTE_MS, 2],
      ],
    });
    // Each organization's second post went by its own cached refs, none stale.
    assert.deepEqual([s.storage.counts.append, s.storage.counts.appendRef, s.storage.counts.staleRef], [2, 2, 0]);
  } finally {
    await s.close();
  }
});

/** One agent minute of `names` for each of `hosts`. */
function minute(hosts: readonly string[], names: readonly string[], sec: number, value: number) {
  return hosts.flatMap((h) => names.map((name) => ({ hostId: h, name, time: sec, value })));
}

test('steady-state posts append by cached ref; after a delete the ref is refreshed by labels', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false, h2: false });
    const names = ['loadavg1', 'loadavg5', 'memory.used'];
    const c = s.storage.counts;
    await ingest.postHostMetrics(ORG_A, minute(['h1', 'h2'], names, T0_SEC, 1), lookup);
    assert.deepEqual([c.append, c.appendRef], [6, 0]);
    assert.equal(ingest.cachedRefs(), 6);
    await ingest.postHostMetrics(ORG_A, minute(['h1', 'h2'], names, T0_SEC + 60, 2), lookup);
    assert.deepEqual([c.append, c.appendRef, c.staleRef], [6, 6, 0]);

    assert.equal(await s.storage.deleteSeries(ORG_A, [H1]), 3);
    const r = await ingest.postHostMetrics(ORG_A, minute(['h1', 'h2'], names, T0_SEC + 120, 3), lookup);
    assert.deepEqual(counts(r), { accepted: 6, outOfWindow: 0 });
    // h1's three refs were stale: tried, refused, appended by labels.
    assert.deepEqual([c.append, c.appendRef, c.staleRef], [9, 12, 3]);
    await ingest.postHostMetrics(ORG_A, minute(['h1', 'h2'], names, T0_SEC + 180, 4), lookup);
    assert.deepEqual([c.append, c.appendRef, c.staleRef], [9, 18, 3]);
    assert.equal(ingest.cachedRefs(), 6);

    assert.deepEqual(read(s.storage, ORG_A, [LOAD]), {
      '__name__=loadavg5,host=h1': [
        [T0 + 2 * MINUTE_MS, 3],
        [T0 + 3 * MINUTE_MS, 4],
      ],
      '__name__=loadavg5,host=h2': [
        [T0, 1],
        [T0 + MINUTE_MS, 2],
        [T0 + 2 * MINUTE_MS, 3],
        [T0 + 3 * MINUTE_MS, 4],
      ],
    });
  } finally {
    await s.close();
  }
});

test('forgetHost drops a host’s cached refs, and the next post appends it by labels', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false, h2: false });
    const c = s.storage.counts;
    await ingest.postHostMetrics(ORG_A, minute(['h1', 'h2'], ['loadavg5'], T0_SEC, 1), lookup);
    ingest.forgetHost(ORG_A, hostId('h1'));
    assert.equal(ingest.cachedRefs(), 1);
    await ingest.postHostMetrics(ORG_A, minute(['h1', 'h2'], ['loadavg5'], T0_SEC + 60, 2), lookup);
    assert.deepEqual([c.append, c.appendRef, c.staleRef], [3, 1, 0]);
  } finally {
    await s.close();
  }
});

test('the ref cache stays within its bound and posts past it are still stored', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage, { refCacheEntries: 4 });
    const hosts = ['h1', 'h2', 'h3', 'h4', 'h5'];
    const lookup = lookupOf(Object.fromEntries(hosts.map((h) => [h, false])));
    for (let i = 0; i < 3; i++) {
      const r = await ingest.postHostMetrics(ORG_A, minute(hosts, ['a', 'b'], T0_SEC + i * 60, i), lookup);
      assert.deepEqual(counts(r), { accepted: 10, outOfWindow: 0 });
      assert.ok(ingest.cachedRefs() <= 4, `${ingest.cachedRefs()} refs cached`);
    }
    assert.equal(Object.keys(read(s.storage, ORG_A, [])).length, 10);
    assert.ok(Object.values(read(s.storage, ORG_A, [])).every((points) => points.length === 3));
  } finally {
    await s.close();
  }
});

test('service metrics are stored under {__name__, service} and cached per service', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const c = s.storage.counts;
    const body = (sec: number, v: number) => [
      { name: 'access.count', time: sec, value: v },
      { name: 'latency_p99', time: sec, value: v / 10 },
    ];
    assert.deepEqual(counts(await ingest.postServiceMetrics(ORG_A, 'web', body(T0_SEC, 10))), {
      accepted: 2,
      outOfWindow: 0,
    });
    await ingest.postServiceMetrics(ORG_A, 'web', body(T0_SEC + 60, 20));
    await ingest.postServiceMetrics(ORG_A, 'db', body(T0_SEC, 30));
    assert.deepEqual([c.append, c.appendRef, c.commit], [4, 2, 3]);
    assert.deepEqual(read(s.storage, ORG_A, [matcher('=', 'service', 'web')]), {
      '__name__=access.count,service=web': [
        [T0, 10],
        [T0 + MINUTE_MS, 20],
      ],
      '__name__=latency_p99,service=web': [
        [T0, 1],
        [T0 + MINUTE_MS, 2],
      ],
    });
    assert.deepEqual(read(s.storage, ORG_B, []), {});
  } finally {
    await s.close();
  }
});

test('a service and a host of the same name keep separate series and refs', async () => {
  const s = await openStore();
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ web: false });
    for (let i = 0; i < 2; i++) {
      await ingest.postHostMetrics(ORG_A, [{ hostId: 'web', name: 'x', time: T0_SEC + i * 60, value: 1 }], lookup);
      await ingest.postServiceMetrics(ORG_A, 'web', [{ name: 'x', time: T0_SEC + i * 60, value: 2 }]);
    }
    assert.deepEqual(Object.keys(read(s.storage, ORG_A, [])), ['__name__=x,host=web', '__name__=x,service=web']);
    assert.equal(s.storage.counts.staleRef, 0);
  } finally {
    await s.close();
  }
});

test('a commit the engine refuses stores nothing, and later posts by the refs it cached still land', async () => {
  const s = await openStore({ maxSeriesPerOrg: 2 });
  try {
    const ingest = new MackerelIngest(s.storage);
    const lookup = lookupOf({ h1: false });
    await assert.rejects(
      ingest.postHostMetrics(ORG_A, minute(['h1'], ['a', 'b', 'c'], T0_SEC, 1), lookup),
      (err: unknown) => err instanceof LimitError,
    );
    assert.deepEqual(read(s.storage, ORG_A, []), {});
    const r = await ingest.postHostMetrics(ORG_A, minute(['h1'], ['a', 'b'], T0_SEC + 60, 2), lookup);
    assert.deepEqual(counts(r), { accepted: 2, outOfWindow: 0 });
    assert.equal(s.storage.counts.appendRef, 2);
    assert.deepEqual(read(s.storage, ORG_A, []), {
      '__name__=a,host=h1': [[T0 + MINUTE_MS, 2]],
      '__name__=b,host=h1': [[T0 + MINUTE_MS, 2]],
    });
  } finally {
    await s.close();
  }
});
