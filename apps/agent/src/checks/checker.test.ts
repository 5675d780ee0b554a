import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckPluginConfig } from '@saba/agent-config';
import type { CheckStatus } from '@saba/client';
import { Checker, MESSAGE_LIMIT, statusOfExitCode, truncateMessage } from './checker.ts';

const testdata = join(import.meta.dirname, '../../testdata/plugins');
const NOW = 1_700_000_000;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saba-checker-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileSeq = 0;
/** A check plugin whose next result the test sets with `next(code, message)`. */
function scripted(extra: Partial<CheckPluginConfig> = {}) {
  const state = join(dir, `state-${fileSeq++}`);
  const config: CheckPluginConfig = {
    name: 'scripted',
    command: [join(testdata, 'check-from-file.sh'), state],
    env: {},
    timeoutSeconds: 2,
    checkIntervalMinutes: 1,
    preventAlertAutoClose: false,
    ...extra,
  };
  return { config, next: (code: number, message: string) => writeFile(state, `${code} ${message}\n`) };
}

describe('statusOfExitCode', () => {
  const cases: [number | null, CheckStatus][] = [
    [0, 'OK'],
    [1, 'WARNING'],
    [2, 'CRITICAL'],
    [3, 'UNKNOWN'],
    [4, 'UNKNOWN'],
    [255, 'UNKNOWN'],
    [-1, 'UNKNOWN'],
    [null, 'UNKNOWN'],
  ];
  for (const [code, want] of cases) it(`${code} -> ${want}`, () => assert.equal(statusOfExitCode(code), want));
});

describe('truncateMessage', () => {
  const cases: { name: string; in: string; wantPoints: number }[] = [
    { name: 'short kept', in: 'fine', wantPoints: 4 },
    { name: 'exactly the limit kept', in: 'x'.repeat(MESSAGE_LIMIT), wantPoints: MESSAGE_LIMIT },
    { name: 'ASCII cut', in: 'x'.repeat(2000), wantPoints: MESSAGE_LIMIT },
    { name: 'astral characters count once', in: '😀'.repeat(1100), wantPoints: MESSAGE_LIMIT },
    { name: '700 astral characters fit although .length is 1400', in: '😀'.repeat(700), wantPoints: 700 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = truncateMessage(c.in);
      assert.equal(Array.from(got).length, c.wantPoints);
      assert.ok(c.in.startsWith(got));
    });
  }
});

describe('Checker.check', () => {
  it('maps each exit code of a real plugin', async () => {
    const { config, next } = scripted();
    for (const [code, status] of [
      [0, 'OK'],
      [1, 'WARNING'],
      [2, 'CRITICAL'],
      [3, 'UNKNOWN'],
      [42, 'UNKNOWN'],
    ] as const) {
      const checker = new Checker(config);
      await next(code, `exit ${code}`);
      const got = await checker.check(NOW);
      assert.deepEqual(got?.report, { name: 'scripted', status, message: `exit ${code}`, occurredAt: NOW });
    }
  });

  it('a timed-out plugin is UNKNOWN with the error as message', async () => {
    const checker = new Checker({ ...scripted().config, command: 'echo partial; sleep 30', timeoutSeconds: 1 });
    const got = await checker.check(NOW);
    assert.equal(got?.report.status, 'UNKNOWN');
    assert.equal(got?.report.message, 'command timed out');
  });

  it('a plugin that cannot start is UNKNOWN', async () => {
    const checker = new Checker({ ...scripted().config, command: ['/nonexistent/check'] });
    const got = await checker.check(NOW);
    assert.equal(got?.report.status, 'UNKNOWN');
    assert.match(got?.report.message ?? '', /ENOENT/);
  });

  it('truncates the message to 1024 characters', async () => {
    const long = `process.stdout.write('😀'.repeat(1100))`;
    const checker = new Checker({ ...scripted().config, command: [process.execPath, '-e', long] });
    const got = await checker.check(NOW);
    assert.equal(Array.from(got?.report.message ?? '').length, 1024);
  });

  // Each step: the plugin's result, then what check() returns (null = nothing sent).
  type Step = [code: number, message: string, want: { status: CheckStatus; urgent: boolean } | null];
  const sequences: { name: string; config?: Partial<CheckPluginConfig>; steps: Step[] }[] = [
    {
      name: 'first OK sent but not urgent; identical OK not re-sent; new OK message sent',
      steps: [
        [0, 'fine', { status: 'OK', urgent: false }],
        [0, 'fine', null],
        [0, 'still fine', { status: 'OK', urgent: false }],
        [0, 'still fine', null],
      ],
    },
    {
      name: 'non-OK re-sent every time, urgent only on a status change',
      steps: [
        [1, 'slow', { status: 'WARNING', urgent: true }],
        [1, 'slow', { status: 'WARNING', urgent: false }],
        [2, 'down', { status: 'CRITICAL', urgent: true }],
        [2, 'down again', { status: 'CRITICAL', urgent: false }],
        [0, 'fine', { status: 'OK', urgent: true }],
        [0, 'fine', null],
        [3, '?', { status: 'UNKNOWN', urgent: true }],
      ],
    },
    {
      name: 'prevent_alert_auto_close never sends OK',
      config: { preventAlertAutoClose: true },
      steps: [
        [0, 'fine', null],
        [2, 'down', { status: 'CRITICAL', urgent: true }],
        [0, 'fine', null],
        [0, 'fine', null],
        [2, 'down', { status: 'CRITICAL', urgent: true }],
      ],
    },
  ];
  for (const s of sequences) {
    it(s.name, async () => {
      const { config, next } = scripted(s.config);
      const checker = new Checker(config);
      for (const [i, [code, message, want]] of s.steps.entries()) {
        await next(code, message);
        const got = await checker.check(NOW + i * 60);
        if (want === null) {
          assert.equal(got, undefined, `step ${i}`);
          continue;
        }
        assert.equal(got?.report.status, want.status, `step ${i}`);
        assert.equal(got?.report.message, message, `step ${i}`);
        assert.equal(got?.report.occurredAt, NOW + i * 60, `step ${i}`);
        assert.equal(got?.urgent, want.urgent, `step ${i}`);
      }
    });
  }

  const options: {
    name: string;
    config: Partial<CheckPluginConfig>;
    want: { notificationInterval?: number; maxCheckAttempts?: number; customIdentifier?: string };
  }[] = [
    { name: 'nothing configured, nothing sent', config: {}, want: {} },
    {
      name: 'notification interval as configured (server raises < 10)',
      config: { notificationIntervalMinutes: 5 },
      want: { notificationInterval: 5 },
    },
    { name: 'max check attempts as configured', config: { maxCheckAttempts: 3 }, want: { maxCheckAttempts: 3 } },
    {
      name: 'prevent_alert_auto_close forces attempts to 1',
      config: { maxCheckAttempts: 3, preventAlertAutoClose: true },
      want: { maxCheckAttempts: 1 },
    },
    { name: 'custom_identifier carried', config: { customIdentifier: 'rds-1' }, want: { customIdentifier: 'rds-1' } },
  ];
  for (const o of options) {
    it(`options: ${o.name}`, async () => {
      const { config, next } = scripted(o.config);
      await next(2, 'down');
      const got = await new Checker(config).check(NOW);
      const { notificationInterval, maxCheckAttempts } = got?.report ?? {};
      assert.deepEqual(
        { notificationInterval, maxCheckAttempts, customIdentifier: got?.customIdentifier },
        { notificationInterval: undefined, maxCheckAttempts: undefined, customIdentifier: undefined, ...o.want },
      );
      assert.equal('notificationInterval' in (got?.report ?? {}), o.want.notificationInterval !== undefined);
      assert.equal('maxCheckAttempts' in (got?.report ?? {}), o.want.maxCheckAttempts !== undefined);
    });
  }

  it('exposes name, memo, custom identifier and the clamped interval', () => {
    const cases: [number, number][] = [
      [0, 60_000],
      [1, 60_000],
      [5, 300_000],
      [90, 3_600_000],
    ];
    for (const [minutes, ms] of cases) {
      const checker = new Checker({
        ...scripted({ memo: 'see runbook', customIdentifier: 'x' }).config,
        checkIntervalMinutes: minutes,
      });
      assert.equal(checker.intervalMs, ms);
      assert.equal(checker.name, 'scripted');
      assert.equal(checker.memo, 'see runbook');
      assert.equal(checker.customIdentifier, 'x');
    }
  });

  it('runs the action after every check with status, previous status and message', async () => {
    const out = join(dir, 'action-out');
    const { config, next } = scripted({
      action: { command: [join(testdata, 'action-env.sh')], env: { ACTION_OUT: out }, timeoutSeconds: 2 },
    });
    const checker = new Checker(config);
    const steps: [number, string][] = [
      [2, 'down'],
      [0, 'fine'],
      [0, 'fine'], // not reported, but the action still runs
    ];
    for (const [code, message] of steps) {
      await next(code, message);
      await checker.check(NOW);
      await checker.idle();
    }
    assert.deepEqual((await readFile(out, 'utf8')).trim().split('\n'), [
      'CRITICAL||down',
      'OK|CRITICAL|fine',
      'OK|OK|fine',
    ]);
  });

  it('logs the plugin stderr and a failing action', async () => {
    const logs: string[] = [];
    const config: CheckPluginConfig = {
      ...scripted().config,
      command: 'echo warn-text >&2; exit 1',
      action: { command: ['/nonexistent/action'], env: {}, timeoutSeconds: 2 },
    };
    const checker = new Checker(config, undefined, (l) => logs.push(l));
    const got = await checker.check(NOW);
    await checker.idle();
    assert.equal(got?.report.status, 'WARNING');
    assert.equal(logs.length, 2);
    assert.match(logs.join('\n'), /warn-text/);
    assert.match(logs.join('\n'), /action failed: .*ENOENT/);
  });
});
