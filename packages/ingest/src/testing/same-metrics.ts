// One comparison of checked host metric bodies for the scanner's tests, exact to the bit.
import assert from 'node:assert/strict';
import type { HostMetrics } from '../mackerel/parse-host-metrics.ts';

/** Asserts two checked bodies hold the same values, numbers compared with Object.is (so -0 is not 0). */
export function assertSameMetrics(got: HostMetrics, want: HostMetrics): void {
  assert.equal(got.items.length, want.items.length, 'number of items');
  for (let i = 0; i < want.items.length; i++) {
    const g = got.items[i];
    const w = want.items[i];
    assert.equal(g?.hostId, w?.hostId, `hostId ${i}`);
    assert.equal(g?.name, w?.name, `name ${i}`);
    assert.ok(Object.is(g?.time, w?.time), `time ${i}: ${g?.time} vs ${w?.time}`);
    assert.ok(Object.is(g?.value, w?.value), `value ${i}: ${g?.value} vs ${w?.value}`);
  }
  assert.deepEqual(got.hostIds, want.hostIds, 'hostIds');
}
