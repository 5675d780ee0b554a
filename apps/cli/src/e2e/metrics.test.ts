// saba throw, fetch, metrics and metric-names against the real server: mkr's input format and its
// `thrown` lines, the custom. prefix, a malformed line refused before anything is posted, and the
// output shapes of fetch (host -> name -> {time, value}) and metrics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
let host: string;
const t0 = Math.floor(Date.now() / 1000) - 600;
before(async () => {
  s = await startCliServer();
  const r = await s.saba(['create', '-R', 'pay:api', 'metrics-host']);
  host = (/created (\S+)/.exec(r.stderr) as RegExpExecArray)[1] as string;
});
after(async () => {
  await s.close();
});

describe('throw', () => {
  test('host metrics get the custom. prefix and one `thrown` line each, with Go %f values', async () => {
    const stdin = `loadavg5\t1.5\t${t0}\ncustom.queue.depth 42 ${t0}\n\n`;
    const r = await s.saba(['throw', '-H', host], { stdin });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      `    thrown ${host} 'custom.loadavg5\t1.500000\t${t0}'\n    thrown ${host} 'custom.queue.depth\t42.000000\t${t0}'\n`,
    );
    const names = (await s.call('GET', `/api/v0/hosts/${host}/metric-names`)).json.names;
    assert.deepEqual([...names].sort(), ['custom.loadavg5', 'custom.queue.depth']);
  });

  test('service metrics keep their names', async () => {
    const r = await s.saba(['throw', '-s', 'pay', '--retry', '2'], { stdin: `orders.count\t7\t${t0}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `    thrown pay 'orders.count\t7.000000\t${t0}'\n`);
    const names = (await s.call('GET', '/api/v0/services/pay/metric-names')).json.names;
    assert.deepEqual(names, ['orders.count']);
  });

  test('a malformed line is a clear error naming it, and nothing is posted', async () => {
    for (const [bad, why] of [
      ['only two', /line 2 "only two": want 3 fields/],
      [`svc.x abc ${t0}`, /line 2 "svc\.x abc \d+": value "abc" is not a number/],
      ['svc.x 1 yesterday', /line 2 "svc\.x 1 yesterday": time "yesterday" is not epoch seconds/],
    ] as const) {
      const r = await s.saba(['throw', '-s', 'pay'], { stdin: `svc.good 1 ${t0}\n${bad}\nsvc.later 2 ${t0}\n` });
      assert.equal(r.code, 1, bad);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
      assert.match(r.stderr, why);
      assert.match(r.stderr, /nothing was posted/);
    }
    const names = (await s.call('GET', '/api/v0/services/pay/metric-names')).json.names;
    assert.deepEqual(names, ['orders.count'], 'the good lines around the bad one were not posted');
  });

  test('a refused post (4xx) is not retried and exits 1', async () => {
    const r = await s.saba(['throw', '-s', 'no-such-service', '--retry', '3'], { stdin: `x 1 ${t0}\n` });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ {5}error API request failed: /);
    assert.doesNotMatch(r.stderr, /will retry/);
  });

  test('neither -H nor -s is an error', async () => {
    const r = await s.saba(['throw'], { stdin: `x 1 ${t0}\n` });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--host <hostId> or --service <service>/);
  });
});

describe('reading', () => {
  before(async () => {
    const r = await s.saba(['throw', '-H', host], { stdin: `cpu.busy\t10\t${t0 + 60}\ncpu.busy\t20\t${t0 + 120}\n` });
    assert.equal(r.code, 0, r.stderr);
  });

  test('fetch prints host id -> metric name -> {time, value} for several names', async () => {
    const r = await s.saba(['fetch', '-n', 'custom.cpu.busy', '-n', 'custom.loadavg5', host]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      [host]: {
        'custom.cpu.busy': { time: t0 + 120, value: 20 },
        'custom.loadavg5': { time: t0, value: 1.5 },
      },
    });
    const jq = await s.saba(['fetch', '-n', 'custom.cpu.busy', host, '--jq', `.["${host}"]["custom.cpu.busy"].value`]);
    assert.equal(jq.stdout, '20\n');
  });

  test('fetch without -n is an error', async () => {
    const r = await s.saba(['fetch', host]);
    assert.equal(r.code, 1);
  });

  test('metrics prints the points of a range', async () => {
    const r = await s.saba([
      'metrics',
      '-H',
      host,
      '-n',
      'custom.cpu.busy',
      '--from',
      String(t0),
      '--to',
      String(t0 + 300),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      { time: t0 + 60, value: 10 },
      { time: t0 + 120, value: 20 },
    ]);
    const svc = await s.saba([
      'metrics',
      '-s',
      'pay',
      '-n',
      'orders.count',
      '--from',
      String(t0 - 60),
      '--to',
      String(t0 + 60),
    ]);
    assert.deepEqual(JSON.parse(svc.stdout), [{ time: t0, value: 7 }]);
  });

  test('metric-names of a host and of a service, and --jq', async () => {
    const h = JSON.parse((await s.saba(['metric-names', '-H', host])).stdout);
    assert.ok(h.includes('custom.cpu.busy'), JSON.stringify(h));
    const svc = await s.saba(['metric-names', '--service', 'pay', '--jq', '.[]']);
    assert.equal(svc.stdout, 'orders.count\n');
  });

  test('a bad --from is refused with urfave/cli`s words', async () => {
    const r = await s.saba(['metrics', '-H', host, '-n', 'x', '--from', 'soon']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /invalid value "soon" for flag -from/);
  });
});
