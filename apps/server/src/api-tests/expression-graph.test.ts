// Expression graphs (Saba extension, spec features §3): GET /api/v0/expression-graph evaluates a
// Mackerel graph expression with the query engine the expression monitors use, over real posts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createHost, nowSec, qs } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let key: string;
let readKey: string;
let otherKey: string;
let web1: string;
let web2: string;
/** The minute of the last posted point; ten minutes end there. */
let end: number;

before(async () => {
  h = await startHarness({}, { monitorTimers: false });
  ({ key, readKey } = await h.newOrg('expr-graph'));
  otherKey = (await h.newOrg('expr-graph-other')).key;
  web1 = await createHost(h, { name: 'expr-web-1' }, key);
  web2 = await createHost(h, { name: 'expr-web-2' }, key);
  end = Math.floor(nowSec() / 60) * 60 - 60;
  const values = [];
  for (let i = 0; i < 10; i++) {
    const time = end - (9 - i) * 60;
    values.push({ hostId: web1, name: 'loadavg5', time, value: i });
    values.push({ hostId: web2, name: 'loadavg5', time, value: 10 * i });
  }
  const posted = await h.call('POST', '/api/v0/tsdb', { key, body: values });
  assert.equal(posted.status, 200, posted.text);
});
after(async () => {
  await h.close();
});

function graph(expression: string, k = key, from = end - 9 * 60, to = end) {
  return h.call(
    'GET',
    `/api/v0/expression-graph?${qs([
      ['expression', expression],
      ['from', from],
      ['to', to],
    ])}`,
    {
      key: k,
    },
  );
}

describe('GET /api/v0/expression-graph', () => {
  test('a host series, and a sum across hosts under an alias, pointwise over the window', async () => {
    const one = await graph(`host(${web1}, loadavg5)`, readKey);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.json.series.length, 1);
    const s = one.json.series[0];
    assert.equal(s.name, 'loadavg5');
    assert.equal(s.source, web1);
    assert.equal(s.isStacked, false);
    assert.deepEqual(
      s.points.map((p: { value: number }) => p.value),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(s.points[9].time, end);

    const sum = await graph(`alias(sum(group(host(${web1}, loadavg5), host(${web2}, loadavg5))), 'total')`);
    assert.equal(sum.status, 200, sum.text);
    assert.equal(sum.json.series.length, 1);
    assert.equal(sum.json.series[0].name, 'total');
    assert.deepEqual(
      sum.json.series[0].points.map((p: { value: number }) => p.value),
      [0, 11, 22, 33, 44, 55, 66, 77, 88, 99],
    );

    const stacked = await graph(`stack(group(host(${web1}, loadavg5), host(${web2}, loadavg5)))`);
    assert.equal(stacked.status, 200, stacked.text);
    assert.deepEqual(
      stacked.json.series.map((x: { isStacked: boolean }) => x.isStacked),
      [true, true],
    );
  });

  test('a syntax error is a 400 whose message gives the line and column', async () => {
    const a = await graph(`host(${web1}, loadavg5`);
    assertError(a, 400, /at 1:\d+/);
    const b = await graph('nosuchfunction(1)');
    assertError(b, 400, /unknown function "nosuchfunction" at 1:1/);
  });

  test('missing expression or range, and a range that ends before it starts, are 400s', async () => {
    assertError(
      await h.call(
        'GET',
        `/api/v0/expression-graph?${qs([
          ['from', 1],
          ['to', 2],
        ])}`,
        { key },
      ),
      400,
      /expression/,
    );
    assertError(
      await h.call('GET', `/api/v0/expression-graph?${qs([['expression', 'host(a, b)']])}`, { key }),
      400,
      /from/,
    );
    assertError(await graph(`host(${web1}, loadavg5)`, key, end, end - 60), 400, /before/);
    assertError(await h.call('GET', '/api/v0/expression-graph?expression=host(a,b)&from=1&to=2', { key: null }), 403);
  });

  test("another organization's key sees none of these hosts' series", async () => {
    const a = await graph(`host(${web1}, loadavg5)`, otherKey);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.series, []);
  });
});
