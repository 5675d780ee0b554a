// saba alerts against the real server: a host monitor opened by values posted with `saba throw`,
// then the JSON list (-w, -l, --jq), mkr's text lines of `alerts list` with their filters, close
// with a reason, and the alert's logs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
let host: string;
let monitor: string;
let alertId: string;
const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d';

before(async () => {
  s = await startCliServer();
  const r = await s.saba(['create', '-R', 'shop:web', 'alert-host']);
  host = (/created (\S+)/.exec(r.stderr) as RegExpExecArray)[1] as string;
  const m = await s.call('POST', '/api/v0/monitors', {
    type: 'host',
    name: 'busy',
    metric: 'custom.busy',
    operator: '>',
    warning: 5,
    critical: 10,
    duration: 1,
  });
  assert.equal(m.status, 200, JSON.stringify(m.json));
  monitor = m.json.id;
  const t = Math.floor(Date.now() / 1000) - 120;
  const thrown = await s.saba(['throw', '-H', host], { stdin: `busy\t50\t${t}\n` });
  assert.equal(thrown.code, 0, thrown.stderr);
  // The engine judges the post on its own schedule: wait for the alert.
  for (let i = 0; i < 100; i++) {
    const open = (await s.call('GET', '/api/v0/alerts')).json.alerts as { id: string; monitorId: string }[];
    const a = open.find((x) => x.monitorId === monitor);
    if (a !== undefined) {
      alertId = a.id;
      break;
    }
    await sleep(100);
  }
  assert.ok(alertId, 'the monitor opened an alert');
});
after(async () => {
  await s.close();
});

describe('alerts', () => {
  test('alerts prints the API alerts as a JSON array; --jq filters', async () => {
    const r = await s.saba(['alerts']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout);
    assert.ok(Array.isArray(list));
    const a = list.find((x: { id: string }) => x.id === alertId);
    assert.equal(a.status, 'CRITICAL');
    assert.equal(a.hostId, host);
    assert.equal(a.value, 50);
    assert.equal((await s.saba(['alerts', '--jq', '.[0].status'])).stdout, 'CRITICAL\n');
    assert.equal(JSON.parse((await s.saba(['alerts', '-w', '-l', '0'])).stdout).length, 0);
  });

  test('alerts list prints mkr`s line: id, ISO 8601 time, status, monitor, value, operator, threshold, host, status, roles', async () => {
    const r = await s.saba(['alerts', 'list']);
    assert.equal(r.code, 0, r.stderr);
    const line = new RegExp(
      `^${alertId} ${ISO} CRITICAL busy custom\\.busy 50\\.00 > 10\\.00 alert-host working \\[shop:web\\]$`,
      'm',
    );
    assert.match(r.stdout, line);
    assert.ok(!r.stdout.includes('\u001b'), 'no colour when stdout is not a terminal');
  });

  test('alerts list filters by service and by host status', async () => {
    assert.match((await s.saba(['alerts', 'list', '-s', 'shop'])).stdout, new RegExp(alertId));
    assert.equal((await s.saba(['alerts', 'list', '-s', 'other'])).stdout, '');
    assert.equal((await s.saba(['alerts', 'list', '-S', 'standby'])).stdout, '');
    assert.match((await s.saba(['alerts', 'list', '-S', 'standby', '-S', 'working'])).stdout, new RegExp(alertId));
  });

  test('alerts close closes with the reason; -v prints the alert; logs show the history', async () => {
    const r = await s.saba(['alerts', 'close', alertId, '-r', 'deployed a fix', '-v']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `Alert closed ${alertId}\n`);
    const closed = JSON.parse(r.stdout);
    assert.equal(closed.status, 'OK');
    assert.equal(closed.reason, 'deployed a fix');
    assert.equal(JSON.parse((await s.saba(['alerts'])).stdout).length, 0, 'no open alert is left');
    const withClosed = JSON.parse((await s.saba(['alerts', '--with-closed'])).stdout);
    assert.ok(withClosed.some((a: { id: string }) => a.id === alertId));

    const logs = await s.saba(['alerts', 'logs', alertId]);
    assert.equal(logs.code, 0, logs.stderr);
    const entries = JSON.parse(logs.stdout);
    assert.ok(entries.length >= 2, logs.stdout);
    assert.ok(entries.every((e: { status?: string }) => typeof e.status === 'string'));
    assert.equal(JSON.parse((await s.saba(['alerts', 'logs', alertId, '-l', '1'])).stdout).length, 1);
  });

  test('closing an unknown alert is one error line', async () => {
    const r = await s.saba(['alerts', 'close', 'nosuchalert', '-r', 'gone']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ {5}error API request failed: Alert Not Found/);
  });
});
