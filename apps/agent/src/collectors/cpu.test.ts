import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertMetrics, LINUX_REAL_CPU, MULTI_CPU_CPU, readTestdata } from '../testing/collector-test-kit.ts';
import { addCpuPercentages, parseProcStat } from './cpu.ts';

describe('parseProcStat', () => {
  const cases = [
    { name: 'real 2-CPU machine', dir: ['linux-real', 't0'], columns: 10, total: 65384, cpus: 2 },
    { name: '2.6.0-era kernel, 7 columns', dir: ['stat-no-steal', 't0'], columns: 7, total: 937500, cpus: 2 },
    // 400000+8000+120000+3000000+20000+1000+4000+2000 (+60000 guest +1000 guest_nice left out)
    { name: '4 CPUs with guests', dir: ['stat-multi-cpu', 't0'], columns: 10, total: 3555000, cpus: 4 },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const stat = parseProcStat(await readTestdata(...c.dir, 'proc', 'stat'));
      assert.ok(stat !== null);
      assert.equal(stat.columns.length, c.columns);
      assert.equal(stat.total, c.total);
      assert.equal(stat.cpuCount, c.cpus);
    });
  }

  test('rejects text without a cpu line', () => {
    assert.equal(parseProcStat('intr 1 2 3\n'), null);
    assert.equal(parseProcStat(''), null);
  });
});

describe('addCpuPercentages', () => {
  const cases = [
    { name: 'real 2-CPU machine', dir: 'linux-real', want: LINUX_REAL_CPU },
    {
      // 7 columns: no steal, guest → those metrics are absent. Δtotal = 949556 − 937500 = 12056.
      // user = 3000 × 2 × 100 / 12056 = 49.767750…
      name: 'kernel without steal/guest columns',
      dir: 'stat-no-steal',
      want: {
        'cpu.user.percentage': 49.767750497677504,
        'cpu.nice.percentage': 0.9953550099535501,
        'cpu.system.percentage': 14.930325149303252,
        'cpu.idle.percentage': 132.71400132714,
        'cpu.iowait.percentage': 0.49767750497677504,
        'cpu.irq.percentage': 0.099535500995355,
        'cpu.softirq.percentage': 0.9953550099535501,
      },
    },
    { name: '4 CPUs running guests', dir: 'stat-multi-cpu', want: MULTI_CPU_CPU },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const prev = parseProcStat(await readTestdata(c.dir, 't0', 'proc', 'stat'));
      const curr = parseProcStat(await readTestdata(c.dir, 't1', 'proc', 'stat'));
      assert.ok(prev !== null && curr !== null);
      const out: Record<string, number> = {};
      addCpuPercentages(prev, curr, out);
      assertMetrics(out, c.want);
      const sum = Object.values(out).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - curr.cpuCount * 100) < 1e-9, `sum ${sum}`);
    });
  }

  test('posts nothing when no jiffy passed between the readings', async () => {
    const stat = parseProcStat(await readTestdata('linux-real', 't0', 'proc', 'stat'));
    assert.ok(stat !== null);
    const out: Record<string, number> = {};
    addCpuPercentages(stat, stat, out);
    assert.deepEqual(out, {});
  });
});
