import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildMessage,
  checkName,
  decodeResult,
  encodeResult,
  exitMessage,
  notificationMinutes,
  reportStatus,
  resultFile,
  shouldReport,
  truncateMiddle,
  type WrapResult,
} from './wrap-result.ts';

const base: WrapResult = {
  Cmd: ['/usr/bin/backup', '--all'],
  Name: '',
  Note: '',
  ExitCode: 1,
  Signaled: false,
  Msg: 'command exited with code: 1',
  Success: false,
};

describe('wrap result', () => {
  test('checkName: -n wins; else mkrwrap-<base, normalised>-<md5 of the joined command, 3 bytes>', () => {
    const cases: [string, string[], string][] = [
      ['nightly', ['backup'], 'nightly'],
      // The hashes were computed with md5sum: `echo -n '/usr/bin/backup --all' | md5sum`.
      ['', ['/usr/bin/backup', '--all'], 'mkrwrap-backup-0833e8'],
      ['', ['./my job.sh'], 'mkrwrap-my_job_sh-c35763'],
    ];
    for (const [name, cmd, want] of cases) assert.equal(checkName(name, cmd), want);
    assert.match(checkName('', ['x']), /^mkrwrap-x-[0-9a-f]{6}$/);
  });

  test('resultFile is mkrwrap-<name>.json in the temp directory', () => {
    assert.equal(resultFile('/tmp', 'mkrwrap-x-abcdef'), '/tmp/mkrwrap-mkrwrap-x-abcdef.json');
  });

  test('exitMessage: code or signal', () => {
    assert.equal(exitMessage(3, false), 'command exited with code: 3');
    assert.equal(exitMessage(137, true), 'command died with signal: 9');
  });

  test('buildMessage: msg, note, command, output with -d only', () => {
    assert.equal(buildMessage(base, false, 'out'), 'command exited with code: 1\n% /usr/bin/backup --all');
    assert.equal(
      buildMessage({ ...base, Note: 'see runbook' }, true, 'disk full\n'),
      'command exited with code: 1\nNote: see runbook\n% /usr/bin/backup --all\ndisk full\n',
    );
    const long = buildMessage(base, true, 'x'.repeat(5000));
    assert.equal([...long].length, 1024);
    assert.ok(long.startsWith('command exited with code: 1\n% '));
    assert.ok(long.includes('\n...\n'));
    assert.ok(long.endsWith('xxxx'));
  });

  test('truncateMiddle keeps head and tail in code points', () => {
    const cases: [string, number, string, string][] = [
      ['abcdef', 10, '..', 'abcdef'],
      ['abcdefghij', 6, '..', 'ab..ij'],
      ['abcdefghij', 7, '..', 'ab..hij'],
      ['ああいいうう', 4, '-', 'あ-うう'],
      ['abcdef', 2, '....', '..'],
    ];
    for (const [src, limit, sep, want] of cases) assert.equal(truncateMiddle(src, limit, sep), want, src);
  });

  test('shouldReport: failures always; success only with -a after a failure or no history', () => {
    const ok = { ...base, ExitCode: 0, Success: true };
    const cases: [WrapResult, boolean, WrapResult | undefined, boolean][] = [
      [base, false, undefined, true],
      [base, true, ok, true],
      [ok, false, base, false],
      [ok, true, undefined, true],
      [ok, true, base, true],
      [ok, true, ok, false],
    ];
    for (const [cur, auto, last, want] of cases) assert.equal(shouldReport(cur, auto, last), want);
  });

  test('reportStatus and notificationMinutes (minimum 10, 0 = never)', () => {
    assert.equal(reportStatus(true, true), 'OK');
    assert.equal(reportStatus(false, false), 'CRITICAL');
    assert.equal(reportStatus(false, true), 'WARNING');
    const m = 60e9;
    const cases: [number, number][] = [
      [0, 0],
      [30e9, 0],
      [m, 10],
      [9 * m, 10],
      [10 * m, 10],
      [90 * m + 30e9, 90],
    ];
    for (const [ns, want] of cases) assert.equal(notificationMinutes(ns), want, String(ns));
  });

  test('the state file round-trips in Go`s field order', () => {
    const text = encodeResult(base);
    assert.equal(
      text,
      '{"Cmd":["/usr/bin/backup","--all"],"Name":"","Note":"","ExitCode":1,"Signaled":false,"Msg":"command exited with code: 1","Success":false}\n',
    );
    assert.deepEqual(decodeResult(text), base);
    assert.throws(() => decodeResult('{"Cmd":[]}'));
    assert.throws(() => decodeResult('not json'));
  });
});
