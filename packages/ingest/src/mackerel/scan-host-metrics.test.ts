import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { assertSameMetrics } from '../testing/same-metrics.ts';
import { parseHostMetrics } from './parse-host-metrics.ts';
import { scanHostMetrics } from './scan-host-metrics.ts';

const ITEM = '{"hostId":"2eQGEaLxibb","name":"cpu.user.percentage","time":1795266137,"value":1.01}';

/** Bodies the scanner reads; each must equal JSON.parse + parseHostMetrics. */
const READ: readonly { name: string; body: string }[] = [
  { name: 'an empty array', body: '[]' },
  { name: 'an empty array in whitespace', body: ' \n[\r\n\t]\n ' },
  { name: 'an agent item', body: `[${ITEM}]` },
  { name: 'keys in another order', body: '[{"value":1.01,"time":1795266137,"name":"loadavg5","hostId":"h1"}]' },
  {
    name: 'whitespace around every token',
    body:
      ' [ { "hostId" : "h1" , "name"\t:\t"loadavg5" ,\n"time"\r\n: 1795266137 , "value" : 2 } , ' +
      '{"hostId":"h1","name":"loadavg1","time":1795266137,"value":3} ] ',
  },
  { name: 'negative zero', body: '[{"hostId":"h","name":"n","time":0,"value":-0}]' },
  { name: 'exponent forms', body: '[{"hostId":"h","name":"n","time":1.795266137E9,"value":1e+21}]' },
  { name: 'a fractional time', body: '[{"hostId":"h","name":"n","time":1795266137.999,"value":1.5E-7}]' },
  { name: 'a negative time', body: '[{"hostId":"h","name":"n","time":-1.5,"value":0.1}]' },
  { name: 'the last safe time', body: '[{"hostId":"h","name":"n","time":9007199254740,"value":1}]' },
  { name: 'a 17-digit value', body: '[{"hostId":"h","name":"n","time":0,"value":43.812312312381234}]' },
  { name: 'a long integer value', body: '[{"hostId":"h","name":"n","time":0,"value":123456789012345678}]' },
  { name: 'a 256-character name', body: `[{"hostId":"h","name":"${'a'.repeat(256)}","time":0,"value":1}]` },
  { name: 'every name character', body: '[{"hostId":"h","name":"azAZ09._-","time":0,"value":1}]' },
  { name: 'a host id with punctuation and DEL', body: '[{"hostId":"a b/c\'~\x7f","name":"n","time":0,"value":1}]' },
  {
    name: 'hosts coming back',
    body: `[${['h2', 'h2', 'h1', 'h2', 'h3', 'h1'].map((h) => `{"hostId":"${h}","name":"n","time":0,"value":1}`).join(',')}]`,
  },
  {
    name: 'a host id that extends the previous one',
    body: '[{"hostId":"h","name":"n","time":0,"value":1},{"hostId":"hh","name":"n","time":0,"value":1}]',
  },
];

/** Bodies the scanner leaves to the slow path (which then stores them or refuses them). */
const LEFT: readonly { name: string; body: string }[] = [
  { name: 'an empty body', body: '' },
  { name: 'whitespace only', body: ' \n' },
  { name: 'null (a Go nil slice; the slow path reads it)', body: 'null' },
  { name: 'an object', body: `{"metrics":[${ITEM}]}` },
  { name: 'a string', body: '"loadavg5"' },
  { name: 'a byte order mark', body: `\ufeff[${ITEM}]` },
  { name: 'a trailing comma in the array', body: `[${ITEM},]` },
  { name: 'a trailing comma in an item', body: '[{"hostId":"h","name":"n","time":0,"value":1,}]' },
  { name: 'a missing comma', body: '[{"hostId":"h" "name":"n","time":0,"value":1}]' },
  { name: 'a missing colon', body: '[{"hostId" "h","name":"n","time":0,"value":1}]' },
  { name: 'a semicolon for a comma in an item', body: '[{"hostId":"h";"name":"n","time":0,"value":1}]' },
  { name: 'a semicolon for a comma between items', body: `[${ITEM};${ITEM}]` },
  { name: 'a semicolon for a colon', body: '[{"hostId";"h","name":"n","time":0,"value":1}]' },
  { name: 'a hostId key not closed', body: '[{"hostId_:"h","name":"n","time":0,"value":1}]' },
  { name: 'a name key not closed', body: '[{"hostId":"h","name_:"n","time":0,"value":1}]' },
  { name: 'a time key not closed', body: '[{"hostId":"h","name":"n","time_:0,"value":1}]' },
  { name: 'a value key not closed', body: '[{"hostId":"h","name":"n","time":0,"value_:1}]' },
  { name: 'a longer key', body: '[{"hostIds":"h","name":"n","time":0,"value":1}]' },
  { name: 'a truncated body', body: `[${ITEM}`.slice(0, 40) },
  { name: 'an unclosed array', body: `[${ITEM}` },
  { name: 'something after the array', body: `[${ITEM}] x` },
  { name: 'two arrays', body: '[] []' },
  { name: 'an empty object', body: '[{}]' },
  { name: 'a missing key', body: '[{"hostId":"h","name":"n","time":0}]' },
  { name: 'an extra key', body: '[{"hostId":"h","name":"n","time":0,"value":1,"unit":"%"}]' },
  { name: 'a repeated key', body: '[{"hostId":"h","name":"n","time":0,"value":1,"value":2}]' },
  { name: 'an escaped key', body: '[{"hostId":"h","n\\u0061me":"n","time":0,"value":1}]' },
  { name: 'an escaped host id', body: '[{"hostId":"h\\u0031","name":"n","time":0,"value":1}]' },
  { name: 'an escaped quote in a host id', body: '[{"hostId":"h\\"","name":"n","time":0,"value":1}]' },
  { name: 'an escaped name', body: '[{"hostId":"h","name":"n\\u002e","time":0,"value":1}]' },
  { name: 'a non-ASCII host id', body: '[{"hostId":"hé","name":"n","time":0,"value":1}]' },
  { name: 'a non-ASCII name', body: '[{"hostId":"h","name":"cpu.usé","time":0,"value":1}]' },
  { name: 'a tab inside a host id', body: '[{"hostId":"a\tb","name":"n","time":0,"value":1}]' },
  {
    name: 'a repeated host id without its opening quote',
    body: '[{"hostId":"h1","name":"n","time":0,"value":1},{"hostId":,h1","name":"n","time":0,"value":1}]',
  },
  { name: 'an empty host id', body: '[{"hostId":"","name":"n","time":0,"value":1}]' },
  { name: 'an empty name', body: '[{"hostId":"h","name":"","time":0,"value":1}]' },
  { name: 'a 257-character name', body: `[{"hostId":"h","name":"${'a'.repeat(257)}","time":0,"value":1}]` },
  { name: 'a space in the name', body: '[{"hostId":"h","name":"load avg","time":0,"value":1}]' },
  { name: 'a wildcard in the name', body: '[{"hostId":"h","name":"custom.*.x","time":0,"value":1}]' },
  { name: 'a number host id', body: '[{"hostId":42,"name":"n","time":0,"value":1}]' },
  { name: 'a null name', body: '[{"hostId":"h","name":null,"time":0,"value":1}]' },
  { name: 'a string time', body: '[{"hostId":"h","name":"n","time":"1795266137","value":1}]' },
  { name: 'a boolean value', body: '[{"hostId":"h","name":"n","time":0,"value":true}]' },
  { name: 'a nested value', body: '[{"hostId":"h","name":"n","time":0,"value":[1]}]' },
  { name: 'an object value', body: '[{"hostId":"h","name":"n","time":0,"value":{"v":1}}]' },
  { name: 'an infinite value', body: '[{"hostId":"h","name":"n","time":0,"value":1e400}]' },
  { name: 'an infinite time', body: '[{"hostId":"h","name":"n","time":-1e400,"value":1}]' },
  { name: 'a time past safe milliseconds', body: '[{"hostId":"h","name":"n","time":9007199254741,"value":1}]' },
  { name: 'a leading zero', body: '[{"hostId":"h","name":"n","time":0,"value":01}]' },
  { name: 'a bare fraction', body: '[{"hostId":"h","name":"n","time":0,"value":.5}]' },
  { name: 'a plus sign', body: '[{"hostId":"h","name":"n","time":0,"value":+1}]' },
  { name: 'NaN', body: '[{"hostId":"h","name":"n","time":0,"value":NaN}]' },
  { name: 'a null item', body: `[${ITEM},null]` },
  { name: 'a nested array item', body: `[[${ITEM}]]` },
];

describe('bodies the scanner reads as the slow path does', () => {
  for (const c of READ) {
    it(c.name, () => {
      const got = scanHostMetrics(Buffer.from(c.body, 'utf8'), 100);
      assert.ok(got !== undefined, 'left to the slow path');
      assertSameMetrics(got, parseHostMetrics(JSON.parse(c.body), 100));
    });
  }
});

describe('bodies the scanner leaves to the slow path', () => {
  for (const c of LEFT) {
    it(c.name, () => assert.equal(scanHostMetrics(Buffer.from(c.body, 'utf8'), 100), undefined));
  }
});

test('negative zero keeps its sign', () => {
  const got = scanHostMetrics(Buffer.from('[{"hostId":"h","name":"n","time":-0,"value":-0.0e3}]'), 100);
  assert.ok(Object.is(got?.items[0]?.value, -0));
  assert.ok(Object.is(got?.items[0]?.time, -0));
});

test('the distinct host ids come out in order of first appearance', () => {
  const ids = ['h2', 'h2', 'h1', 'h2', 'h3', 'h1'];
  const body = `[${ids.map((h) => `{"hostId":"${h}","name":"n","time":0,"value":1}`).join(',')}]`;
  const got = scanHostMetrics(Buffer.from(body), 100);
  assert.deepEqual(got?.hostIds, ['h2', 'h1', 'h3']);
  assert.deepEqual(
    got?.items.map((it) => it.hostId),
    ids,
  );
});

test('more than maxItems values are left to the slow path, which words the LimitError', () => {
  const body = (n: number) => Buffer.from(`[${Array.from({ length: n }, () => ITEM).join(',')}]`);
  assert.equal(scanHostMetrics(body(3), 3)?.items.length, 3);
  assert.equal(scanHostMetrics(body(4), 3), undefined);
});

test('a Uint8Array that is a view into a larger buffer is read from its own bytes only', () => {
  const whole = Buffer.from(`xx[${ITEM}]yy`);
  const view = new Uint8Array(whole.buffer, whole.byteOffset + 2, whole.length - 4);
  assert.equal(scanHostMetrics(view, 100)?.items[0]?.name, 'cpu.user.percentage');
});

test('a name read twice is the same string, and a name whose slot is taken is still read right', () => {
  const post = (name: string) =>
    scanHostMetrics(Buffer.from(`[{"hostId":"h","name":"${name}","time":0,"value":1}]`), 100)?.items[0]?.name;
  const names = Array.from({ length: 10_000 }, (_, k) => `custom.m.${k}`);
  for (const name of names) assert.equal(post(name), name);
  for (const name of names) assert.equal(post(name), name);
});
