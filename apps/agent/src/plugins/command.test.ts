import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CommandConfig } from '@saba/agent-config';
import { commandArgs, runCommand, TIMED_OUT } from './command.ts';

const testdata = join(import.meta.dirname, '../../testdata/plugins');

function spec(command: string | string[], extra: Partial<CommandConfig> = {}): CommandConfig {
  return { command, env: {}, timeoutSeconds: 5, ...extra };
}

/** A pid counts as gone when /proc has no entry or only a zombie (PID 1 here may not reap orphans). */
async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await isAlive(pid))) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !(await isAlive(pid));
}

describe('commandArgs', () => {
  const cases: { name: string; in: Pick<CommandConfig, 'command' | 'user'>; want: string[] }[] = [
    { name: 'string runs through sh -c', in: { command: 'echo hi | wc' }, want: ['sh', '-c', 'echo hi | wc'] },
    { name: 'array is exec’d as is', in: { command: ['ruby', 'x.rb'] }, want: ['ruby', 'x.rb'] },
    {
      name: 'user goes through sudo -Eu',
      in: { command: 'id', user: 'nobody' },
      want: ['sudo', '-Eu', 'nobody', 'sh', '-c', 'id'],
    },
    { name: 'empty user is no user', in: { command: ['id'], user: '' }, want: ['id'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(commandArgs(c.in), c.want));
});

// Concurrent: the three timeout cases each wait about a second.
describe('runCommand', { concurrency: true }, () => {
  const cases: {
    name: string;
    spec: CommandConfig;
    extraEnv?: Record<string, string>;
    want: { stdout?: string; stderr?: string; exitCode: number | null; error?: RegExp };
  }[] = [
    {
      name: 'string command',
      spec: spec('echo hello; echo oops >&2'),
      want: { stdout: 'hello\n', stderr: 'oops\n', exitCode: 0 },
    },
    { name: 'string command exit code', spec: spec('exit 7'), want: { stdout: '', exitCode: 7 } },
    {
      name: 'array command with arguments, no shell expansion',
      spec: spec([join(testdata, 'env-dump.sh'), '$HOME', 'a b']),
      want: { stdout: 'FROM_PARENT=parent\nFOO=unset\nBAR=unset\nARGS=$HOME a b\n', exitCode: 0 },
    },
    {
      name: 'env: process env, then config env, then extra env win',
      spec: spec([join(testdata, 'env-dump.sh')], { env: { FOO: 'config', BAR: 'config' } }),
      extraEnv: { BAR: 'extra' },
      want: { stdout: 'FROM_PARENT=parent\nFOO=config\nBAR=extra\nARGS=\n', exitCode: 0 },
    },
    {
      name: 'config env overrides the process env',
      spec: spec([join(testdata, 'env-dump.sh')], { env: { SABA_TEST_FROM_PARENT: 'config' } }),
      want: { stdout: 'FROM_PARENT=config\nFOO=unset\nBAR=unset\nARGS=\n', exitCode: 0 },
    },
    {
      name: 'missing executable (array) is an error',
      spec: spec(['/nonexistent/plugin']),
      want: { exitCode: null, error: /ENOENT/ },
    },
    {
      name: 'missing executable via sh is exit 127',
      spec: spec('/nonexistent/plugin 2>/dev/null'),
      want: { exitCode: 127 },
    },
    { name: 'empty array is an error', spec: spec([]), want: { exitCode: null, error: /empty command/ } },
  ];
  process.env.SABA_TEST_FROM_PARENT = 'parent';
  for (const c of cases) {
    it(c.name, async () => {
      const got = await runCommand(c.spec, c.extraEnv);
      if (c.want.stdout !== undefined) assert.equal(got.stdout, c.want.stdout);
      if (c.want.stderr !== undefined) assert.equal(got.stderr, c.want.stderr);
      assert.equal(got.exitCode, c.want.exitCode);
      if (c.want.error) assert.match(got.error ?? '', c.want.error);
      else assert.equal(got.error, undefined);
    });
  }

  it('timeout kills the plugin and its children (process group)', async () => {
    const pidFile = join(tmpdir(), `saba-pids-${process.pid}-${Date.now()}`);
    const started = Date.now();
    const got = await runCommand(spec([join(testdata, 'spawn-and-sleep.sh'), pidFile], { timeoutSeconds: 1 }));
    const elapsed = Date.now() - started;
    assert.equal(got.error, TIMED_OUT);
    assert.equal(got.exitCode, null);
    assert.ok(elapsed >= 900 && elapsed < 5000, `took ${elapsed} ms`);
    const pids = (await readFile(pidFile, 'utf8')).trim().split(' ').map(Number);
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.ok(await waitUntilGone(pid, 2000), `pid ${pid} survived`);
  });

  it('SIGKILL follows when SIGTERM is ignored', async () => {
    const started = Date.now();
    const got = await runCommand(spec([join(testdata, 'ignore-term.sh')], { timeoutSeconds: 1 }), {}, 300);
    const elapsed = Date.now() - started;
    assert.equal(got.error, TIMED_OUT);
    assert.equal(got.stdout, 'started\n');
    assert.ok(elapsed >= 1200 && elapsed < 5000, `took ${elapsed} ms`);
  });

  it('a plugin that traps SIGTERM and exits keeps its exit code and output', async () => {
    const got = await runCommand(spec([join(testdata, 'trap-term.sh')], { timeoutSeconds: 1 }), {}, 300);
    assert.equal(got.error, undefined);
    assert.equal(got.exitCode, 2);
    assert.equal(got.stdout, 'started\ntrapped\n');
  });

  it('caps big output at whole lines', async () => {
    const got = await runCommand(spec([join(testdata, 'big-output.sh')]));
    assert.equal(got.exitCode, 0);
    assert.ok(got.stdout.length <= 1024 * 1024, `kept ${got.stdout.length} bytes`);
    assert.ok(got.stdout.length > 1000 * 1024, `kept only ${got.stdout.length} bytes`);
    assert.ok(got.stdout.endsWith('\n'));
    for (const line of got.stdout.slice(0, -1).split('\n')) assert.equal(line, 'big.metric 1 1700000000');
  });
});
