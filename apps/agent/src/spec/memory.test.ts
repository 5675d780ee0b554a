import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMeminfo } from './memory.ts';

const cases: { name: string; meminfo: string; expected: Record<string, string> }[] = [
  {
    name: 'MemAvailable (kernel >= 3.14) is not a spec key; unit glued to the number',
    meminfo: 'MemTotal:       16307756 kB\nMemFree:         1203416 kB\nMemAvailable:    9923112 kB\n',
    expected: { total: '16307756kB', free: '1203416kB' },
  },
  {
    name: 'a kernel without MemAvailable gives the same keys',
    meminfo:
      'MemTotal:        4137480 kB\nMemFree:          301232 kB\nBuffers:          214568 kB\nCached:          2751316 kB\n',
    expected: { total: '4137480kB', free: '301232kB', buffers: '214568kB', cached: '2751316kB' },
  },
  {
    name: '32-bit highmem lines map to high_*/low_*',
    meminfo:
      'HighTotal:       3280200 kB\nHighFree:         119436 kB\nLowTotal:         857280 kB\nLowFree:          181796 kB\n',
    expected: { high_total: '3280200kB', high_free: '119436kB', low_total: '857280kB', low_free: '181796kB' },
  },
  {
    name: 'renamed keys: SReclaimable, SUnreclaim, Committed_AS, NFS_Unstable',
    meminfo:
      'SReclaimable:     103220 kB\nSUnreclaim:        26692 kB\nCommitted_AS:    1134804 kB\nNFS_Unstable:          0 kB\n',
    expected: {
      slab_reclaimable: '103220kB',
      slab_unreclaim: '26692kB',
      committed_as: '1134804kB',
      nfs_unstable: '0kB',
    },
  },
  {
    name: 'unmapped lines (Active(anon), HugePages_*, Shmem) and blank lines are ignored',
    meminfo:
      'Active(anon):      24700 kB\nHugePages_Total:       0\n\nShmem:             69488 kB\nSwapTotal:             0 kB\n',
    expected: { swap_total: '0kB' },
  },
];

for (const c of cases) {
  test(`meminfo: ${c.name}`, () => {
    assert.deepEqual(parseMeminfo(c.meminfo), c.expected);
  });
}
