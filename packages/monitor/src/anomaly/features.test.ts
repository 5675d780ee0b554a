import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FEATURE_COUNT, FEATURE_NAMES, hostFeatures } from './features.ts';

const GiB = 2 ** 30;

/** What an agent on a host with `cores` cores posts for one minute at 25 % user CPU. */
function agentMinute(cores: number, memGiB: number): Map<string, number> {
  return new Map<string, number>([
    ['loadavg1', 0.5 * cores],
    ['loadavg5', 0.4 * cores],
    ['loadavg15', 0.3 * cores],
    ['cpu.user.percentage', 25 * cores],
    ['cpu.nice.percentage', 0],
    ['cpu.system.percentage', 5 * cores],
    ['cpu.iowait.percentage', 1 * cores],
    ['cpu.irq.percentage', 0.5 * cores],
    ['cpu.softirq.percentage', 0.5 * cores],
    ['cpu.steal.percentage', 0],
    ['cpu.guest.percentage', 0],
    ['cpu.idle.percentage', 68 * cores],
    ['memory.total', memGiB * GiB],
    ['memory.used', 0.4 * memGiB * GiB],
    ['memory.buffers', 0.05 * memGiB * GiB],
    ['memory.cached', 0.25 * memGiB * GiB],
    ['memory.free', 0.3 * memGiB * GiB],
    ['memory.swap_total', 2 * GiB],
    ['memory.swap_free', 1.5 * GiB],
    ['memory.swap_cached', 0.02 * GiB],
    ['disk.sda.reads.delta', 40],
    ['disk.sdb.reads.delta', 60],
    ['disk.sda.writes.delta', 99],
    ['interface.eth0.rxBytes.delta', 1000],
    ['interface.eth1.rxBytes.delta', 23],
    ['interface.eth0.txBytes.delta', 2047],
    ['filesystem.sda1.size', 100 * GiB],
    ['filesystem.sda1.used', 30 * GiB],
    ['filesystem.sdb1.size', 10 * GiB],
    ['filesystem.sdb1.used', 8 * GiB],
  ]);
}

function features(values: Map<string, number>): Record<string, number> {
  const out = new Float64Array(FEATURE_COUNT);
  hostFeatures(values, out);
  return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, out[i]!]));
}

describe('anomaly features', () => {
  it('has about 20 dimensions', () => assert.equal(FEATURE_COUNT, 20));

  it('normalises per host: a 2-core and a 32-core host at the same utilisation look alike', () => {
    const small = features(agentMinute(2, 4));
    const big = features(agentMinute(32, 256));
    for (const name of FEATURE_NAMES) assert.ok(Math.abs(small[name]! - big[name]!) < 1e-9, name);
  });

  it('reads percentages, load per CPU, log1p of summed rates and the fullest filesystem', () => {
    const f = features(agentMinute(4, 8));
    const want: Record<string, number> = {
      loadavg1: 0.5,
      loadavg15: 0.3,
      'cpu.user': 25,
      'cpu.irq': 1,
      'cpu.idle': 68,
      'memory.used': 40,
      'memory.cache': 30,
      'memory.free': 30,
      'swap.used': 25,
      'swap.cached': 1,
      'disk.reads': Math.log1p(100),
      'disk.writes': Math.log1p(99),
      'interface.rxBytes': Math.log1p(1023),
      'interface.txBytes': Math.log1p(2047),
      'filesystem.used': 80,
    };
    for (const [name, v] of Object.entries(want))
      assert.ok(Math.abs(f[name]! - v) < 1e-9, `${name}: ${f[name]} ≠ ${v}`);
  });

  it('marks missing metrics NaN and a host without swap as using none', () => {
    const v = agentMinute(4, 8);
    for (const k of [...v.keys()]) if (k.startsWith('cpu.') || k.startsWith('disk.')) v.delete(k);
    v.set('memory.swap_total', 0);
    v.set('memory.swap_free', 0);
    const f = features(v);
    for (const name of ['loadavg5', 'cpu.user', 'cpu.idle', 'disk.reads', 'disk.writes'])
      assert.ok(Number.isNaN(f[name]!), name);
    assert.equal(f['swap.used'], 0);
    assert.equal(f['memory.used'], 40);
  });
});
