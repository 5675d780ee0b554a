import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGoRegexp } from './regex.ts';

// [pattern, subject, Go's regexp.MatchString result]
const MATCH: [string, string, boolean][] = [
  ['/dev/ram.*', '/dev/ram0', true],
  ['^mysql\\.innodb\\..+', 'mysql.innodb.rows', true],
  ['^mysql\\.innodb\\..+', 'mysqlXinnodb.rows', false],
  ['(?i)^foo', 'FOObar', true],
  ['(?s)a.b', 'a\nb', true],
  ['a.b', 'a\nb', false],
  ['(?m)^b$', 'a\nb\nc', true],
  ['\\Afoo', 'foo', true],
  ['\\Afoo', 'xfoo', false],
  ['foo\\z', 'foo', true],
  ['foo\\z', 'foo\n', false],
  ['(?P<dev>sd[a-z])', 'sda', true],
  ['[[:digit:]]+$', 'loop12', true],
  ['^[[:alpha:]_]+$', 'eth_', true],
  ['[^[:space:]]', '   ', false],
  ['\\Q.*\\E', 'a.*b', true],
  ['\\Q.*\\E', 'ab', false],
  ['\\x{41}', 'A', true],
  ['\\pL', 'é', true],
  ['\\p{Greek}', 'λ', true],
  ['\\PL', 'é', false],
  ['^.$', 'é', true], // one rune
  ['a\\_b', 'a_b', true],
  ['a\\:b', 'a:b', true],
  ['a{', 'a{', true],
  ['a}', 'a}', true],
  ['a]', 'a]', true],
  ['[]a]', ']', true],
  ['[\\-a]', '-', true],
  ['ab{2}', 'abb', true],
  ['ab{2,}', 'abbb', true],
];

test('Go RE2 patterns keep their meaning', () => {
  for (const [pattern, subject, want] of MATCH) {
    assert.equal(compileGoRegexp(pattern).test(subject), want, `${pattern} ~ ${JSON.stringify(subject)}`);
  }
});

const BAD: [string, RegExp][] = [
  ['**', /^invalid regexp "\*\*": Nothing to repeat$/],
  ['(a', /^invalid regexp "\(a": /],
  ['(?U)a', /flag U is not supported/],
  ['x(?i)y', /^invalid regexp "x\(\?i\)y": /],
  ['[[:foo:]]', /class \[:foo:\] is not supported/],
  ['a\\', /trailing backslash/],
];

test('patterns that cannot be compiled say why', () => {
  for (const [pattern, want] of BAD) assert.throws(() => compileGoRegexp(pattern), { message: want }, pattern);
});
