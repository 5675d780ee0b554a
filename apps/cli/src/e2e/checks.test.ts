// saba checks run on a real agent config: two checks (one OK, one CRITICAL with its env and memo) print
// mkr's exact TAP and exit 1 with mkr's summary; all passing exits 0; a timeout is reported.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
before(async () => {
  s = await startCliServer();
});
after(async () => {
  await s.close();
});

async function conf(name: string, body: string): Promise<string> {
  const file = join(s.dir, name);
  await writeFile(file, `apikey = "x"\n${body}`);
  return file;
}

describe('checks run', () => {
  test('one OK and one CRITICAL: exact TAP, exit 1, mkr`s summary', async () => {
    const file = await conf(
      'two.conf',
      `
[plugin.checks.alive]
command = ["echo", "alive and well"]

[plugin.checks.disk]
command = "echo \\"disk at $LEVEL%\\"; echo oops >&2; exit 2"
env = { LEVEL = "97" }
memo = "root filesystem"
`,
    );
    const r = await s.saba(['checks', 'run', '--conf', file]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        'TAP version 13',
        '1..2',
        'ok 1 - alive',
        '  ---',
        '  command: [echo, alive and well]',
        '  status: OK',
        '  stdout: alive and well',
        '  ...',
        'not ok 2 - disk',
        '  ---',
        '  memo: root filesystem',
        '  command: [echo "disk at $LEVEL%"; echo oops >&2; exit 2]',
        '  status: CRITICAL',
        '  stdout: disk at 97%',
        '  stderr: oops',
        '  exitCode: 2',
        '  ...',
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '     error Failed 1/2 tests, 50.00% okay\n');
  });

  test('all passing exits 0; a timeout is not ok with the error', async () => {
    const okFile = await conf('ok.conf', '[plugin.checks.a]\ncommand = "true"\n');
    const ok = await s.saba(['checks', 'run', '--conf', okFile]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'TAP version 13\n1..1\nok 1 - a\n  ---\n  command: ["true"]\n  status: OK\n  ...\n');
    const slowFile = await conf('slow.conf', '[plugin.checks.slow]\ncommand = "sleep 5"\ntimeout_seconds = 1\n');
    const slow = await s.saba(['checks', 'run', '--conf', slowFile]);
    assert.equal(slow.code, 1);
    assert.match(
      slow.stdout,
      /^not ok 1 - slow\n {2}---\n {2}command: \[sleep 5\]\n {2}status: UNKNOWN\n {2}exitCode: 143\n {2}error: command timed out\n {2}\.\.\.\n$/m,
    );
  });

  test('a missing config is one error line', async () => {
    const r = await s.saba(['checks', 'run', '--conf', join(s.dir, 'none.conf')]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^ {5}error .*none\.conf/);
  });
});
