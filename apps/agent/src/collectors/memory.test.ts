import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertMetrics, LINUX_REAL_T0_MEMORY, OLD_KERNEL_MEMORY, readTestdata } from '../testing/collector-test-kit.ts';
import { addMemoryGauges } from './memory.ts';

const cases = [
  {
    name: 'real machine, kernel with MemAvailable',
    file: ['linux-real', 't0', 'proc', 'meminfo'],
    want: LINUX_REAL_T0_MEMORY,
  },
  { name: 'old kernel without MemAvailable', file: ['meminfo-old-kernel', 'proc', 'meminfo'], want: OLD_KERNEL_MEMORY },
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
