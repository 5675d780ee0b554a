import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertMetrics, readTestdata } from '../testing/collector-test-kit.ts';
import { addMemoryGauges } from './memory.ts';

const cases = [
  {
    // MemAvailable present: used = total − available = (24684084 − 23708296) kB × 1024 = 999206912.
    name: 'real machine, kernel with MemAvailable',
    file: ['linux-real', 't0', 'proc', 'meminfo'],
    want: {
      'memory.total': 25276502016,
      'memory.used': 999206912,
      'memory.mem_available': 24277295104,
      'memory.swap_total': 0,
      'memory.swap_cached': 0,
      'memory.swap_free': 0,
    },
  },
  {
    // No MemAvailable (kernel < 3.14): used = (1922196 − 166416 − 171724 − 647172) kB × 1024
    // = 936884 × 1024 = 959369216, the figure mackerel-agent's own memory_test.go expects for this text.
    name: 'old kernel without MemAvailable',
    file: ['meminfo-old-kernel', 'proc', 'meminfo'],
    want: {
      'memory.total': 1968328704,
      'memory.used': 959369216,
      'memory.free': 170409984,
      'memory.buffers': 175845376,
      'memory.cached': 662704128,
      'memory.swap_total': 2147479552,
      'memory.swap_cached': 13889536,
      'memory.swap_free': 2099990528,
    },
  },
];

for (const c of cases) {
  test(`addMemoryGauges: ${c.name}`, async () => {
    const out: Record<string, number> = {};
    addMemoryGauges(await readTestdata(...c.file), out);
    assertMetrics(out, c.want);
  });
}

test('addMemoryGauges: no MemTotal line posts nothing', () => {
  const out: Record<string, number> = {};
  addMemoryGauges('MemFree: 10 kB\nSwapTotal: 0 kB\n', out);
  assert.deepEqual(out, {});
});
