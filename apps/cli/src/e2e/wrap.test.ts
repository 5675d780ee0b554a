// saba wrap against the real server: a failing job posts a CRITICAL check report that opens an alert,
// -w posts WARNING, -d carries the output, -N the note; a success posts nothing unless -a, which
// closes the alert; the job's output passes through and its exit code is saba's.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
let host: string;
// The -a state file goes to the temp directory: a scratch one, so runs do not meet other runs' state.
let env: Record<string, string>;

before(async () => {
  s = await startCliServer();
  const r = await s.saba(['create', 'batch-host']);
  host = (/created (\S+)/.exec(r.stderr) as RegExpExecArray)[1] as string;
  env = { TMPDIR: s.dir };
});
after(async () => {
  await s.close();
});

interface Alert {
  id: string;
  status: string;
  type: string;
  message?: string;
  monitorId: string;
  hostId?: string;
}

async function alertFor(name: string, withClosed = false): Promise<Alert | undefined> {
  const checks = (await s.call('GET', '/api/v0/monitoring/checks')).json.checks as { id: string; name: string }[];
  const monitor = checks.find((c) => c.name === name);
  if (monitor === undefined) return undefined;
  const q = withClosed ? '?withClosed=true' : '';
  const alerts = (await s.call('GET', `/api/v0/alerts${q}`)).json.alerts as Alert[];
  return alerts.find((a) => a.monitorId === monitor.id);
}

async function waitFor<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('wrap', () => {
  test('a failing job: output passed through, its exit code, a CRITICAL check alert', async () => {
    const r = await s.saba(['wrap', '-H', host, '-n', 'nightly', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], {
      env,
    });
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'out\n');
    assert.match(r.stderr, /^err$/m);
    assert.match(r.stderr, /^ {5}error command exited with code: 3$/m);
    const a = await waitFor(() => alertFor('nightly'), 'the nightly alert');
    assert.equal(a.status, 'CRITICAL');
    assert.equal(a.type, 'check');
    assert.equal(a.hostId, host);
    assert.equal(a.message, 'command exited with code: 3\n% sh -c echo out; echo err >&2; exit 3');
  });

  test('-w reports WARNING; -d includes the output; -N the note; the default name is mkrwrap-<cmd>-<hash>', async () => {
    const r = await s.saba(
      ['wrap', '-H', host, '-w', '-d', '-N', 'see runbook', '--', 'sh', '-c', 'echo disk full; exit 1'],
      {
        env,
      },
    );
    assert.equal(r.code, 1);
    const checks = (await s.call('GET', '/api/v0/monitoring/checks')).json.checks as { name: string }[];
    const name = checks.map((c) => c.name).find((n) => n.startsWith('mkrwrap-sh-'));
    assert.match(name ?? '', /^mkrwrap-sh-[0-9a-f]{6}$/);
    const a = await waitFor(() => alertFor(name as string), 'the warning alert');
    assert.equal(a.status, 'WARNING');
    assert.equal(
      a.message,
      'command exited with code: 1\nNote: see runbook\n% sh -c echo disk full; exit 1\ndisk full\n',
    );
  });

  test('a success posts nothing without -a: the alert stays open', async () => {
    const r = await s.saba(['wrap', '-H', host, '-n', 'nightly', '--', 'true'], { env });
    assert.equal(r.code, 0, r.stderr);
    await sleep(300);
    assert.equal((await alertFor('nightly'))?.status, 'CRITICAL');
  });

  test('-a: a failure opens, a later success closes; the state is kept in the temp directory', async () => {
    const fail = await s.saba(['wrap', '-a', '-H', host, '-n', 'hourly', '--', 'false'], { env });
    assert.equal(fail.code, 1);
    const open = await waitFor(() => alertFor('hourly'), 'the hourly alert');
    assert.equal(open.status, 'CRITICAL');
    const state = JSON.parse(await readFile(join(s.dir, 'mkrwrap-hourly.json'), 'utf8'));
    assert.deepEqual(state, {
      Cmd: ['false'],
      Name: 'hourly',
      Note: '',
      ExitCode: 1,
      Signaled: false,
      Msg: 'command exited with code: 1',
      Success: false,
    });
    // The server drops a second report of the same check in the same second (occurredAt is in seconds).
    await sleep(1100);
    const ok = await s.saba(['wrap', '-a', '-H', host, '-n', 'hourly', '--', 'true'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    const closed = await waitFor(async () => {
      const a = await alertFor('hourly', true);
      return a?.status === 'OK' ? a : undefined;
    }, 'the hourly alert to close');
    assert.equal(closed.id, open.id);
    assert.equal(JSON.parse(await readFile(join(s.dir, 'mkrwrap-hourly.json'), 'utf8')).Success, true);
  });

  test('no host id: the job still runs, the report error is logged with the message', async () => {
    const r = await s.saba(['wrap', '-n', 'lonely', '--', 'sh', '-c', 'echo hi; exit 2'], { env });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, 'hi\n');
    assert.match(r.stderr, /failed to load hostID/);
    assert.match(r.stderr, /failed to post following report to Mackerel: Both of apikey and hostID are needed/);
  });

  test('a missing command exits 127; no command is an error', async () => {
    const r = await s.saba(['wrap', '-H', host, '-n', 'missing', '--', 'no-such-command-xyz'], { env });
    assert.equal(r.code, 127);
    assert.match(r.stderr, /command invocation failed/);
    const none = await s.saba(['wrap', '-H', host], { env });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^ {5}error no commands specified$/m);
  });
});
