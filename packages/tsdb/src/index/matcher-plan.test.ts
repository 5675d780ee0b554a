import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadDataError } from '@saba/model';
import { type MatchType, matcher } from '@saba/storage';
import { compileMatcher, literalForm, planMatcher, type ValueSet } from './matcher-plan.ts';

function describeSet(s: ValueSet | null): string {
  if (s === null) return 'regex';
  if (s.kind === 'exact') return `exact:${s.value}`;
  if (s.kind === 'set') return `set:${[...s.values].sort().join(',')}`;
  if (s.kind === 'prefix') return `prefix:${s.prefix}`;
  if (s.kind === 'regex') return 'regex';
  return s.kind;
}

const forms: [string, string][] = [
  ['.*', 'any'],
  ['.+', 'nonEmpty'],
  ['(.*)', 'any'],
  ['foo', 'exact:foo'],
  ['', 'exact:'],
  ['a|b|c', 'set:a,b,c'],
  ['(a|b)', 'set:a,b'],
  ['(?:a|b)', 'set:a,b'],
  ['a|', 'set:,a'],
  ['c||d', 'set:,c,d'],
  ['2|2\\.5', 'set:2,2.5'],
  ['web-.*', 'prefix:web-'],
  ['(web-.*)', 'prefix:web-'],
  ['a\\.*', 'regex'], // a literal dot repeated, not a prefix
  ['a.*|b', 'regex'],
  ['.*a', 'regex'],
  ['(a)|(b)', 'regex'],
  ['(?i)a', 'regex'],
  ['(?P<n>a)', 'regex'],
  ['a+', 'regex'],
  ['[ab]', 'regex'],
  ['\\d', 'regex'],
];

// [type, value, label value, matches]
const semantics: [MatchType, string, string, boolean][] = [
  ['=', 'a', 'a', true],
  ['=', 'a', 'b', false],
  ['=', '', '', true],
  ['=', 'a.*', 'abc', false], // = is never a regex
  ['!=', 'a', 'a', false],
  ['!=', 'a', '', true],
  ['!=', '', 'a', true],
  ['=~', 'a.*', 'abc', true],
  ['=~', 'a.*', 'ba', false],
  ['=~', 'a|b', 'b', true],
  ['=~', 'a|b', 'ab', false],
  ['=~', 'a|', '', true],
  ['=~', '.*', '', true],
  ['=~', '.+', '', false],
  ['=~', 'web-.*', 'web-\n1', true],
  ['=~', '(?i)WEB', 'web', true],
  ['=~', 'ü.', 'üß', true],
  ['!~', 'a.*', 'abc', false],
  ['!~', 'a.*', '', true],
  ['!~', '.*', '', false],
  ['!~', '.+', '', true],
  ['!~', 'a|b', 'c', true],
];

describe('literalForm', () => {
  for (const [pattern, want] of forms) {
    it(`${JSON.stringify(pattern)} is ${want}`, () => {
      assert.equal(describeSet(literalForm(pattern)), want);
    });
  }
});

describe('compileMatcher', () => {
  for (const [type, value, v, want] of semantics) {
    it(`${type}${JSON.stringify(value)} on ${JSON.stringify(v)} is ${want}`, () => {
      assert.equal(compileMatcher(matcher(type, 'l', value))(v), want);
    });
  }

  it('throws BadDataError for an invalid regex, for =~ and !~ alike', () => {
    assert.throws(() => compileMatcher(matcher('=~', 'l', '(')), BadDataError);
    assert.throws(() => compileMatcher(matcher('!~', 'l', '[')), BadDataError);
  });

  it('does not treat = values as regexes', () => {
    assert.equal(compileMatcher(matcher('=', 'l', '('))('('), true);
  });

  it('records whether the matcher accepts an absent label', () => {
    assert.equal(planMatcher(matcher('=~', 'l', 'a|')).matchesEmpty, true);
    assert.equal(planMatcher(matcher('!=', 'l', '')).matchesEmpty, false);
  });
});
