import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTestdata } from '../testing/collector-test-kit.ts';
import { addLoadavgGauges } from './loadavg.ts';

const cases = [
  {
    name: 'typical line',
    text: '0.46 0.44 0.20 2/146 7494\n',
    want: { loadavg1: 0.46, loadavg5: 0.44, loadavg15: 0.2 },
  },
  {
    name: 'busy 64-core host',
    text: '71.05 64.10 60.00 70/2048 1',
    want: { loadavg1: 71.05, loadavg5: 64.1, loadavg15: 60 },
  },
  { name: 'truncated', text: '0.46 0.44', want: {} },
  { name: 'garbage', text: 'a b c d e', want: {} },
];

for (const c of cases) {
  test(`addLoadavgGauges: ${c.name}`, () => {
    const out: Record<string, number> = {};
    addLoadavgGauges(c.text, out);
    assert.deepEqual(out, c.want);
  });
}

test('addLoadavgGauges: real capture', async () => {
  const out: Record<string, number> = {};
  addLoadavgGauges(await readTestdata('linux-real', 't0', 'proc', 'loadavg'), out);
  assert.deepEqual(out, { loadavg1: 1.12, loadavg5: 0.6, loadavg15: 0.26 });
});
