import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import fc from 'fast-check';
import { EDGE_NUMBERS, jsonNumberText } from '../testing/json-text.ts';
import { type ScanEnd, scanNumber } from './scan-number.ts';

/** Scans `text` followed by a comma, as in a body; returns the value and where the scan ended. */
function scan(text: string): { value: number; end: number } {
  const at: ScanEnd = { end: 0 };
  const value = scanNumber(Buffer.from(`${text},`, 'latin1'), 0, at);
  return { value, end: at.end };
}

describe('scanNumber gives what JSON.parse gives, bit for bit', () => {
  for (const text of EDGE_NUMBERS) {
    it(text, () => {
      const got = scan(text);
      assert.equal(got.end, text.length);
      assert.ok(Object.is(got.value, JSON.parse(text)), `${got.value} vs ${JSON.parse(text)}`);
    });
  }
});

test('negative zero stays negative in every form', () => {
  for (const text of ['-0', '-0.0', '-0e0', '-0E+5', '-0.000e-30', '-0e400']) {
    assert.ok(Object.is(scan(text).value, -0), text);
  }
});

test('text that is not a JSON number is refused', () => {
  const cases = [
    '',
    '-',
    '+1',
    '01',
    '-01',
    '00',
    '.5',
    '1.',
    '1.e5',
    '1e',
    '1e+',
    '1E-',
    'e5',
    '-e5',
    'NaN',
    'Infinity',
  ];
  for (const text of cases) {
    assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse accepts ${text}`);
    assert.equal(scan(text).end, -1, text);
  }
});

test('a scan stops at the first byte that cannot continue the number', () => {
  const cases: [string, number][] = [
    ['1.5.3', 3],
    ['12e3e4', 4],
    ['0x10', 1],
    ['1-2', 1],
    ['-0-', 2],
    ['7}', 1],
    ['7 ', 1],
  ];
  for (const [text, end] of cases) {
    const at: ScanEnd = { end: 0 };
    scanNumber(Buffer.from(text, 'latin1'), 0, at);
    assert.equal(at.end, end, text);
  }
});

test('a scan starting mid-buffer reads only its own bytes', () => {
  const at: ScanEnd = { end: 0 };
  const b = Buffer.from('"value":-12.5e-1}', 'latin1');
  assert.equal(scanNumber(b, 8, at), -1.25);
  assert.equal(at.end, 16);
});

test('any JSON number text scans to the double JSON.parse gives (property)', () => {
  fc.assert(
    fc.property(jsonNumberText, (text) => {
      const got = scan(text);
      assert.equal(got.end, text.length, text);
      assert.ok(Object.is(got.value, JSON.parse(text)), `${text}: ${got.value} vs ${JSON.parse(text)}`);
    }),
    { numRuns: 20_000 },
  );
});

test('16- and 17-digit significands around 2^53, at every exponent of the exact path', () => {
  const at: ScanEnd = { end: 0 };
  for (let d = -300n; d <= 300n; d++) {
    const sig = String(2n ** 53n + d);
    for (let e = -23; e <= 23; e++) {
      for (const text of [`${sig}e${e}`, `-${sig.slice(0, 5)}.${sig.slice(5)}E${e}`, `0.${sig}e${e}`]) {
        const got = scanNumber(Buffer.from(`${text},`, 'latin1'), 0, at);
        assert.ok(Object.is(got, JSON.parse(text)), `${text}: ${got} vs ${JSON.parse(text)}`);
      }
    }
  }
});
