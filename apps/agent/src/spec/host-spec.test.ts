import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StatfsResult } from '../collectors/system-collector.ts';
import { collectHostSpec } from './host-spec.ts';
import { readInterfaces } from './interfaces.ts';

const testdata = join(import.meta.dirname, '../../testdata/spec');

// Each case is a directory standing for `/`: the files the collectors read, statfs.json (statfs
// per mount point), network-interfaces.json (os.networkInterfaces()) and expected.json.
// debian12-firecracker was captured from a real machine with capture.sh; the others are written
// by hand (an old 32-bit two-socket Ubuntu without MemAvailable, an ARM Graviton instance).
const cases = ['debian12-firecracker', 'ubuntu1204-i686-2socket', 'amzn2023-graviton2'];

async function readJson(dir: string, name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(dir, name), 'utf8'));
}

for (const name of cases) {
  test(`host spec golden: ${name}`, async () => {
    const dir = join(testdata, name);
    const statfsTable = (await readJson(dir, 'statfs.json')) as Record<string, StatfsResult>;
    const expected = (await readJson(dir, 'expected.json')) as { meta: { kernel: Record<string, string> } };
    const statfs = async (mountPoint: string) => {
      const s = statfsTable[mountPoint];
      if (!s) throw new Error(`ENOENT: ${mountPoint}`);
      return s;
    };
    const { meta } = await collectHostSpec({ root: dir, statfs });
    // `uname -m` comes from the running Node, not from the files.
    assert.equal(meta.kernel?.machine, os.machine());
    const expectedMeta = { ...expected.meta, kernel: { ...expected.meta.kernel, machine: os.machine() } };
    assert.deepEqual(meta, expectedMeta);

    const table = (await readJson(dir, 'network-interfaces.json')) as ReturnType<typeof os.networkInterfaces>;
    const interfaces = await readInterfaces({ root: dir, networkInterfaces: () => table });
    assert.deepEqual(interfaces, (expected as unknown as { interfaces: unknown }).interfaces);
  });
}

test('host spec of this machine has the Linux keys', { skip: process.platform !== 'linux' }, async () => {
  const { meta, interfaces } = await collectHostSpec();
  assert.equal(meta.kernel?.name, 'Linux');
  assert.equal(meta.kernel?.release, os.release());
  assert.ok((meta.cpu?.length ?? 0) >= 1);
  assert.match(meta.memory?.total ?? '', /^\d+kB$/);
  assert.ok(Array.isArray(interfaces));
  // Loopback-only interfaces are never reported.
  assert.ok(interfaces.every((i) => i.name !== 'lo'));
});

test('a missing root leaves every key but kernel out', async () => {
  const { meta, interfaces } = await collectHostSpec({
    root: join(testdata, 'does-not-exist'),
    statfs: async () => {
      throw new Error('no statfs');
    },
  });
  assert.deepEqual(Object.keys(meta).sort(), ['filesystem', 'kernel']);
  assert.deepEqual(meta.filesystem, {});
  assert.equal(meta.kernel?.name, os.type());
  assert.equal(meta.kernel?.platform_name, undefined);
  assert.ok(Array.isArray(interfaces));
});
