import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goSprintf, goValueString } from './go-printf.ts';

test('printf verbs as Go`s fmt prints them', () => {
  const cases: [string, unknown[], string][] = [
    ['%.1f %.1f %.1f %.2f', [1.25, 1.35, -2.5, 0.125], '1.2 1.4 -2.5 0.12'],
    ['%f|%8.3f|%-8.3f|%08.3f', [1.5, Math.PI, Math.PI, -Math.PI], '1.500000|   3.142|3.142   |-003.142'],
    ['%d %+d %5d %-5d|', [42, 7, 3, 3], '42 +7     3 3    |'],
    ['%s %q %v %t', ['a', 'b"c', [1, 'x'], false], 'a "b\\"c" [1 x] false'],
    ['%x %X %x %c', [255, 255, 'hi', 65], 'ff FF 6869 A'],
    ['%e %g %g', [123456.789, 0.00001, 1e21], '1.234568e+05 1e-05 1e+21'],
    ['100%%', [], '100%'],
    ['%d', ['text'], '%!d(string=text)'],
    ['%s %s', ['one'], 'one %!s(MISSING)'],
    ['%s', ['a', 2], 'a%!(EXTRA int=2)'],
  ];
  for (const [format, args, want] of cases) assert.equal(goSprintf(format, args), want, format);
});

test('values print as {{.}} prints them', () => {
  const cases: [unknown, string][] = [
    [undefined, '<no value>'],
    [null, '<nil>'],
    [1700000000, '1700000000'],
    [1.5, '1.5'],
    [0.00001, '1e-05'],
    [[1, null, 'a'], '[1 <nil> a]'],
    [{ b: 1, a: { c: true } }, 'map[a:map[c:true] b:1]'],
  ];
  for (const [value, want] of cases) assert.equal(goValueString(value), want, JSON.stringify(value));
});
