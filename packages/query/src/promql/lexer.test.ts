import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PromQLParseError } from './errors.ts';
import { lex } from './lexer.ts';

const kinds = (q: string): string[] => lex(q).map((t) => `${t.kind}:${t.value}`);

test('lex splits every kind of token', () => {
  const cases: { input: string; want: string[] }[] = [
    { input: 'foo:bar_total', want: ['ident:foo:bar_total', 'eof:'] },
    {
      input: '12.34e+6 .2 2. 0x8f 1_000 0x_53_AB inF NaN',
      want: [
        'number:12.34e+6',
        'number:.2',
        'number:2.',
        'number:0x8f',
        'number:1_000',
        'number:0x_53_AB',
        'number:inF',
        'number:NaN',
        'eof:',
      ],
    },
    {
      input: '1h30m 5m 1y 1w 1d 1ms 54s321ms',
      want: [
        'duration:1h30m',
        'duration:5m',
        'duration:1y',
        'duration:1w',
        'duration:1d',
        'duration:1ms',
        'duration:54s321ms',
        'eof:',
      ],
    },
    { input: `"a\\tb" 'it\\'s' \`raw\\n\``, want: ['string:a\tb', "string:it's", 'string:raw\\n', 'eof:'] },
    { input: '"\\x41\\101\\u00e9\\U0001F600\\a\\v"', want: ['string:AAé😀\u0007\u000b', 'eof:'] },
    { input: '"a\\xc5z"', want: ['string:a\udcc5z', 'eof:'] },
    {
      input: '{"my.metric", job=~"a|b", le!~"x", env!="p"}',
      want: [
        'op:{',
        'string:my.metric',
        'op:,',
        'ident:job',
        'op:=~',
        'string:a|b',
        'op:,',
        'ident:le',
        'op:!~',
        'string:x',
        'op:,',
        'ident:env',
        'op:!=',
        'string:p',
        'op:}',
        'eof:',
      ],
    },
    {
      input: 'a + b - c * d / e % f ^ g == h != i < j <= k > l >= m </ n >/ o',
      want: [
        'ident:a',
        'op:+',
        'ident:b',
        'op:-',
        'ident:c',
        'op:*',
        'ident:d',
        'op:/',
        'ident:e',
        'op:%',
        'ident:f',
        'op:^',
        'ident:g',
        'op:==',
        'ident:h',
        'op:!=',
        'ident:i',
        'op:<',
        'ident:j',
        'op:<=',
        'ident:k',
        'op:>',
        'ident:l',
        'op:>=',
        'ident:m',
        'op:</',
        'ident:n',
        'op:>/',
        'ident:o',
        'eof:',
      ],
    },
    {
      input: 'x[5m:1m] @ start() # a comment\n offset -1h',
      want: [
        'ident:x',
        'op:[',
        'duration:5m',
        'op::',
        'duration:1m',
        'op:]',
        'op:@',
        'ident:start',
        'op:(',
        'op:)',
        'ident:offset',
        'op:-',
        'duration:1h',
        'eof:',
      ],
    },
    // Inside braces words are plain label names, never keywords or numbers.
    {
      input: '{on="1", nan="2"}',
      want: ['op:{', 'ident:on', 'op:=', 'string:1', 'op:,', 'ident:nan', 'op:=', 'string:2', 'op:}', 'eof:'],
    },
  ];
  for (const c of cases) assert.deepEqual(kinds(c.input), c.want, c.input);
});

test('lex records offsets', () => {
  const t = lex('sum(x)\n  + 1');
  assert.deepEqual(
    t.map((x) => [x.text, x.start, x.end]),
    [
      ['sum', 0, 3],
      ['(', 3, 4],
      ['x', 4, 5],
      [')', 5, 6],
      ['+', 9, 10],
      ['1', 11, 12],
      ['', 12, 12],
    ],
  );
});

test('lex rejects malformed text with positions', () => {
  const cases: { input: string; message: string }[] = [
    { input: 'foo{a="b', message: '1:7: parse error: unterminated quoted string' },
    { input: '"a\nb"', message: '1:1: parse error: unterminated quoted string' },
    { input: '`abc', message: '1:1: parse error: unterminated raw string' },
    { input: '"\\q"', message: '1:2: parse error: unknown escape sequence' },
    { input: '"\\\'"', message: '1:2: parse error: unknown escape sequence' },
    { input: '"\\xZZ"', message: '1:2: parse error: invalid escape sequence' },
    { input: '"\\777"', message: '1:2: parse error: octal escape value > 255' },
    { input: '"\\uD800"', message: '1:2: parse error: escape sequence is an invalid Unicode code point' },
    { input: 'x[1.5h]', message: '1:3: parse error: bad number or duration syntax: "1.5h"' },
    { input: '0xABm', message: '1:1: parse error: bad number or duration syntax: "0xABm"' },
    { input: 'a\n  $', message: '2:3: parse error: unexpected character: "$"' },
    { input: '{a:b="c"}', message: '1:3: parse error: unexpected character inside braces: ":"' },
  ];
  for (const c of cases) {
    assert.throws(
      () => lex(c.input),
      (err: unknown) => {
        assert.ok(err instanceof PromQLParseError, c.input);
        assert.equal(err.message, c.message, c.input);
        return true;
      },
    );
  }
});
