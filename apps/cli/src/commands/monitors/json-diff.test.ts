import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffRules, stringifyRule } from './json-diff.ts';

const external = { name: 'foo', type: 'external', url: 'http://example.com', service: 'bar', headers: [] };

test('diffRules prints mkr`s marked lines: sorted keys, - and +, commas while an old entry follows', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['equal values', external, { ...external }, ''],
    [
      'a removed key keeps its comma; an empty array spans two lines',
      { ...external, responseTimeCritical: 1000 },
      external,
      [
        ' {',
        '   "headers": [',
        '   ],',
        '   "name": "foo",',
        '-  "responseTimeCritical": 1000,',
        '   "service": "bar",',
        '   "type": "external",',
        '   "url": "http://example.com"',
        ' },',
      ].join('\n'),
    ],
    [
      'an added key comes last, without comma',
      { name: 'foo', type: 'connectivity' },
      { name: 'foo', type: 'connectivity', scopes: ['sss: notebook'] },
      [
        ' {',
        '   "name": "foo",',
        '   "type": "connectivity"',
        '+  "scopes": [',
        '+    "sss: notebook"',
        '+  ]',
        ' },',
      ].join('\n'),
    ],
    [
      'a changed value: old then new, both with the comma of their place',
      { name: 'cpu', warning: 70, critical: 90 },
      { name: 'cpu', warning: 75, critical: 90 },
      [' {', '   "critical": 90,', '   "name": "cpu",', '-  "warning": 70', '+  "warning": 75', ' },'].join('\n'),
    ],
    [
      'an item added to an array',
      { scopes: ['sss: notebook'] },
      { scopes: ['sss: notebook', 'ttt: notebook'] },
      [' {', '   "scopes": [', '     "sss: notebook"', '+    "ttt: notebook"', '   ]', ' },'].join('\n'),
    ],
    [
      'an array item replaced',
      { scopes: ['sss: notebook'] },
      { scopes: ['ttt: notebook'] },
      [' {', '   "scopes": [', '-    "sss: notebook"', '+    "ttt: notebook"', '   ]', ' },'].join('\n'),
    ],
    [
      'an item removed from the middle of an array, and one inserted before an old one',
      { a: ['x', 'y', 'z'], b: ['q'] },
      { a: ['x', 'z'], b: ['p', 'q'] },
      [
        ' {',
        '   "a": [',
        '     "x",',
        '-    "y",',
        '     "z"',
        '   ],',
        '   "b": [',
        '+    "p",',
        '     "q"',
        '   ]',
        ' },',
      ].join('\n'),
    ],
    [
      'objects inside arrays are diffed field by field',
      { headers: [{ name: 'A', value: '1' }] },
      { headers: [{ name: 'A', value: '2' }] },
      [
        ' {',
        '   "headers": [',
        '     {',
        '       "name": "A",',
        '-      "value": "1"',
        '+      "value": "2"',
        '     }',
        '   ]',
        ' },',
      ].join('\n'),
    ],
  ];
  for (const [what, from, to, want] of cases) assert.equal(diffRules(from, to), want, what);
});

test('stringifyRule indents by two, prefixes every line, ends with a comma, escapes & as Go does', () => {
  assert.equal(
    stringifyRule({ id: '12345', name: 'a&b', type: 'connectivity', scopes: [] }, '+'),
    ['+{', '+  "id": "12345",', '+  "name": "a\\u0026b",', '+  "type": "connectivity",', '+  "scopes": []', '+},'].join(
      '\n',
    ),
  );
  assert.equal(stringifyRule({ name: 'x' }, ''), '{\n  "name": "x"\n},');
});
