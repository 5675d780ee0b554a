import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { cpuSpecFromCpuinfo, readCpu } from './cpu.ts';

const testdata = join(import.meta.dirname, '../../testdata/spec');

/** A CPU record with the defaults gopsutil leaves when cpuinfo says nothing. */
function cpu(fields: Partial<Record<string, string>>): Record<string, string> {
  return {
    vendor_id: '',
    model: '',
    stepping: '0',
    physical_id: '',
    core_id: '',
    cache_size: '0 KB',
    model_name: '',
    family: '',
    cores: '1',
    mhz: '0',
    ...fields,
  } as Record<string, string>;
}

const amd = { vendor_id: 'AuthenticAMD', model: '1', stepping: '1', physical_id: '0', core_id: '0' };
const rpi = { vendor_id: 'ARM', model: '0xd03', stepping: '4', model_name: 'Cortex-A53' };
const power = { vendor_id: 'IBM', stepping: '2', family: 'POWER', mhz: '2900' };
const powerName = 'POWER9 (architected), altivec supported';
const qualcommName = 'ARMv7 Processor rev 1 (v7l)';

const cases: { file: string; expected: Record<string, string>[] | undefined; why: string }[] = [
  {
    file: 'amd-epyc-2vcpu.txt',
    why: 'x86: every key from its line; mhz keeps the shortest form ("2650", not "2650.000")',
    expected: [
      cpu({ ...amd, cache_size: '512 KB', model_name: 'AMD EPYC 7R13 Processor', family: '25', mhz: '2649.998' }),
      cpu({ ...amd, cache_size: '512 KB', model_name: 'AMD EPYC 7R13 Processor', family: '25', mhz: '2650' }),
    ],
  },
  {
    file: 'raspberrypi3-armv7.txt',
    why: 'ARM implementer 0x41: the part number names the model, over the "model name" line',
    expected: [cpu(rpi), cpu(rpi), cpu(rpi), cpu(rpi)],
  },
  {
    file: 'armv7-kernel34-smp.txt',
    why: 'old ARM kernels: "Processor" names every CPU; trailing implementer/part lines land on the last CPU',
    expected: [
      cpu({ model_name: qualcommName }),
      cpu({ model_name: qualcommName, vendor_id: 'Qualcomm', model: '0x04d' }),
    ],
  },
  {
    file: 'armv5-nosmp.txt',
    why: 'no "processor" line at all: gopsutil returns no CPU, the agent sends []',
    expected: [],
  },
  {
    file: 'ppc64le-power9.txt',
    why: 'POWER: the "cpu" line gives vendor and family; the trailing "model" line overwrites the last CPU',
    expected: [
      cpu({ ...power, model: 'POWER9', model_name: powerName }),
      cpu({ ...power, model: 'IBM,9009-42A', model_name: powerName }),
    ],
  },
  {
    file: 'bad-cache-size.txt',
    why: 'a cache size gopsutil cannot parse fails the whole spec, so `cpu` is left out',
    expected: undefined,
  },
];

for (const c of cases) {
  test(`cpuinfo ${c.file}: ${c.why}`, async () => {
    const text = await readFile(join(testdata, 'cpuinfo', c.file), 'utf8');
    assert.deepEqual(cpuSpecFromCpuinfo(text), c.expected);
  });
}

test('sysfs: cpuinfo_max_freq replaces cpu MHz; topology core_id fills only a missing core id', async () => {
  const cpus = await readCpu(join(testdata, 'ubuntu1204-i686-2socket'));
  assert.deepEqual(
    cpus?.map((c) => [c.mhz, c.core_id]),
    [
      ['2500', '0'],
      ['2500', '1'],
      ['2500', '0'],
      ['2500', '1'],
    ],
  );
  const arm = await readCpu(join(testdata, 'amzn2023-graviton2'));
  assert.deepEqual(
    arm?.map((c) => c.core_id),
    ['0', '1'],
  );
});

test('unreadable cpuinfo leaves the key out', async () => {
  assert.equal(await readCpu(join(testdata, 'does-not-exist')), undefined);
});
