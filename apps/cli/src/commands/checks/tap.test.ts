import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blockScalar, type CheckOutcome, failureSummary, flowScalar, statusOf, tapEntry, tapHeader } from './tap.ts';

const ok: CheckOutcome = {
  name: 'hoge',
  memo: '',
  command: ['perl', '-E', "say 'Hello'"],
  exitCode: 0,
  stdout: 'Hello',
  stderr: '',
  error: '',
};

describe('TAP output', () => {
  test('mkr`s own test case, byte for byte', () => {
    assert.equal(
      tapHeader(1) + tapEntry(ok, 1),
      "TAP version 13\n1..1\nok 1 - hoge\n  ---\n  command: [perl, -E, say 'Hello']\n  status: OK\n  stdout: Hello\n  ...",
    );
  });

  test('a failed check: memo first, exit code, stderr, a multi-line stdout as a literal block', () => {
    const entry = tapEntry(
      {
        ...ok,
        name: 'disk',
        memo: 'root fs',
        command: ['sh -c check-disk'],
        exitCode: 2,
        stdout: 'CRITICAL\n\n/ 95%',
        stderr: 'warn: x',
      },
      2,
    );
    assert.equal(
      entry,
      [
        'not ok 2 - disk',
        '  ---',
        '  memo: root fs',
        '  command: [sh -c check-disk]',
        '  status: CRITICAL',
        '  stdout: |-',
        '    CRITICAL',
        '  ',
        '    / 95%',
        "  stderr: 'warn: x'",
        '  exitCode: 2',
        '  ...',
      ].join('\n'),
    );
  });

  test('a run error makes `not ok` even with exit code 0', () => {
    const entry = tapEntry({ ...ok, stdout: '', exitCode: -1, error: 'command timed out' }, 1);
    assert.match(entry, /^not ok 1 - hoge\n/);
    assert.match(entry, /\n {2}status: UNKNOWN\n {2}exitCode: -1\n {2}error: command timed out\n {2}\.\.\.$/);
  });

  test('statusOf maps plugin exit codes', () => {
    const cases: [number, string][] = [
      [0, 'OK'],
      [1, 'WARNING'],
      [2, 'CRITICAL'],
      [3, 'UNKNOWN'],
      [127, 'UNKNOWN'],
      [-1, 'UNKNOWN'],
    ];
    for (const [code, want] of cases) assert.equal(statusOf(code), want);
  });

  test('scalars are quoted as yaml.v2 quotes them', () => {
    const flow: [string, string][] = [
      ['plain', 'plain'],
      ["say 'Hello'", "say 'Hello'"],
      ['a,b', "'a,b'"],
      ['[x]', "'[x]'"],
      ['', "''"],
      ['true', '"true"'],
      ['123', '"123"'],
      ['1.5', '"1.5"'],
      ['-c', '-c'],
      ['- x', "'- x'"],
      ['#x', "'#x'"],
      ['a #b', "'a #b'"],
      ['key: v', "'key: v'"],
      ['a\nb', '"a\\nb"'],
    ];
    for (const [s, want] of flow) assert.equal(flowScalar(s), want, s);
    assert.equal(blockScalar('a,b', '  '), 'a,b');
    assert.equal(blockScalar('OK: fine', '  '), "'OK: fine'");
    assert.equal(blockScalar('one\ntwo', '  '), '|-\n  one\n  two');
  });

  test('failureSummary is mkr`s closing line', () => {
    assert.equal(failureSummary(1, 2), 'Failed 1/2 tests, 50.00% okay');
    assert.equal(failureSummary(2, 3), 'Failed 2/3 tests, 33.33% okay');
  });
});
