import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadDataError } from '@saba/model';
import { compileRegex } from './regex.ts';

// [pattern, value, matches] as Go's regexp with Prometheus's `^(?s:re)$` wrapping decides.
const matches: [string, string, boolean][] = [
  ['abc', 'abc', true],
  ['abc', 'xabcx', false], // fully anchored
  ['b', 'abc', false],
  ['a|ab', 'ab', true], // anchoring applies to the whole alternation
  ['^a$', 'a', true], // explicit anchors are redundant
  ['a.c', 'a\nc', true], // (?s): dot matches newline
  ['.*', '', true],
  ['.+', '', false],
  ['(?i)foo', 'FoO', true],
  ['(?i:foo)', 'FOO', true],
  ['(?s).', '\n', true],
  ['(?-s).', '\n', false],
  ['(?-s:.)x', '\nx', false],
  ['(?m)^a$\\nb', 'a\nb', true],
  ['(?m)a$', 'a', true],
  ['(?P<g>a)b', 'ab', true],
  ['(?<g>a)b', 'ab', true],
  ['(a)(b)', 'ab', true],
  ['\\Qa.b*\\E', 'a.b*', true],
  ['\\Qa.b\\E', 'axb', false],
  ['(?)a', 'a', true],
  ['\\.', '.', true],
  ['\\-\\/\\:\\#\\"', '-/:#"', true], // Go lets any ASCII punctuation be escaped
  ['[\\-a]+', 'a-', true],
  ['[]a]+', ']a', true], // ] first in a class is literal
  ['[^]a]', 'b', true],
  ['[a[]+', 'a[', true],
  ['a{2}', 'aa', true],
  ['a{2,}', 'aaa', true],
  ['a{1,2}', 'aaa', false],
  ['a{', 'a{', true], // a brace that is not a repeat is literal
  ['{,3}', '{,3}', true],
  ['x}', 'x}', true],
  ['x]', 'x]', true],
  ['[[:alpha:]]+', 'abZ', true],
  ['[[:digit:][:upper:]]+', '9Z', true],
  ['[[:punct:]]+', '!/[`{~', true],
  ['\\d\\w\\s', '1_ ', true],
  ['\\s', '\v', false], // Go's \s is [\t\n\f\r ]
  ['\\s', '\u00a0', false],
  ['\\S', '\u00a0', true],
  ['[\\s]', '\t', true],
  ['\\pL+', 'üß', true],
  ['\\p{Lu}', 'Ü', true],
  ['\\PL', '1', true],
  ['\\p{^L}', '1', true],
  ['\\p{Greek}+', 'αβ', true],
  ['\\p{Any}', '😀', true],
  ['.', '😀', true], // one code point, not one UTF-16 unit
  ['\\x{1F600}', '😀', true],
  ['\\x41', 'A', true],
  ['\\101', 'A', true], // octal
  ['\\0', '\0', true],
  ['\\a\\f\\t\\n\\r\\v', '\x07\f\t\n\r\v', true],
  ['\\Aa\\z', 'a', true],
  ['\\bfoo\\b', 'foo', true],
  ['日本.*', '日本語', true],
  ['ü', 'Ü', false],
  ['(?i)ü', 'Ü', true],
  ['a*?b', 'aab', true],
];

const invalid = [
  '(',
  ')',
  'a)|(b', // must not escape the anchoring group
  '[a',
  '*',
  'a**',
  'a{1001}',
  'a{3,2}',
  '(?=a)',
  '(?!a)',
  '(?<=a)',
  '(?<!a)',
  '\\1',
  '(a)\\1',
  '\\8',
  '\\Z',
  '\\C',
  '\\é',
  '\\',
  '(?U)a',
  'a(?i)b',
  '(?i:a)b',
  '\\Qa.b', // Go's \Q runs to the end, swallowing Prometheus's closing `)$`
  '(?:)x)',
  '(?-)',
  '(?x)',
  '(?P<>a)',
  '(?P=n)',
  '[[:^alpha:]]',
  '[[:nope:]]',
  '\\p{Nope}',
  '[z-a]',
  '\\x{110000}',
  '\\xZZ',
];

describe('compileRegex', () => {
  for (const [pattern, value, want] of matches) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(value)} is ${want}`, () => {
      assert.equal(compileRegex(pattern).test(value), want);
    });
  }
  for (const pattern of invalid) {
    it(`rejects ${JSON.stringify(pattern)}`, () => {
      assert.throws(() => compileRegex(pattern), BadDataError);
    });
  }
});
