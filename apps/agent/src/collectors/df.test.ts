import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, statfs } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { readTestdata, tableStatfs, testdataPath } from '../testing/collector-test-kit.ts';
import {
  type DfEntry,
  dedupeMounts,
  hasUuidSuffix,
  isDummyMount,
  isRemoteMount,
  parseMountinfo,
  readFilesystems,
  toDfEntry,
} from './df.ts';
import type { StatfsResult } from './system-collector.ts';

describe('toDfEntry rounds like df -Pk', () => {
  const cases: { name: string; st: StatfsResult; want: Omit<DfEntry, 'device' | 'mount'> | null }[] = [
    {
      // used = 2621440 − 1310720 = 1310720 blocks; pct = ceil(1310720 × 100 / (1310720 + 1179648)) = ceil(52.63) = 53.
      name: '4 KiB blocks with root reserve',
      st: { bsize: 4096, blocks: 2621440, bfree: 1310720, bavail: 1179648 },
      want: { kbSize: 10485760, kbUsed: 5242880, kbAvailable: 4718592, percentUsed: '53%' },
    },
    {
      // 512-byte blocks: 1001 × 512 / 1024 = 500.5 → 501 (rounded up); 401 blocks → 200.5 → 201.
      name: '512-byte blocks round up',
      st: { bsize: 512, blocks: 1001, bfree: 501, bavail: 401 },
      want: { kbSize: 501, kbUsed: 250, kbAvailable: 201, percentUsed: '56%' },
    },
    {
      name: 'read-only squashfs is 100%',
      st: { bsize: 131072, blocks: 448, bfree: 0, bavail: 0 },
      want: { kbSize: 57344, kbUsed: 57344, kbAvailable: 0, percentUsed: '100%' },
    },
    {
      name: 'empty and all reserved: no percentage',
      st: { bsize: 4096, blocks: 10, bfree: 10, bavail: 0 },
      want: { kbSize: 40, kbUsed: 0, kbAvailable: 0, percentUsed: '-' },
    },
    { name: 'zero blocks: hidden', st: { bsize: 4096, blocks: 0, bfree: 0, bavail: 0 }, want: null },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = toDfEntry('/dev/x', '/x', c.st);
      assert.deepEqual(got, c.want === null ? null : { device: '/dev/x', mount: '/x', ...c.want });
    });
  }
});

describe('mount classification (gnulib ME_REMOTE / ME_DUMMY)', () => {
  const cases = [
    { device: 'fileserver:/export', type: 'nfs4', remote: true, dummy: false },
    { device: '//winserver/share', type: 'cifs', remote: true, dummy: false },
    { device: '/dev/sdc1', type: 'ocfs2', remote: true, dummy: false },
    { device: '/dev/disk/by-path/pci-0000:00:1f.2-ata-1', type: 'ext4', remote: true, dummy: false },
    { device: '/dev/sda1', type: 'ext4', remote: false, dummy: false },
    { device: 'proc', type: 'proc', remote: false, dummy: true },
    { device: 'none', type: 'none', remote: false, dummy: true },
    { device: 'tmpfs', type: 'tmpfs', remote: false, dummy: false },
  ];
  for (const c of cases) {
    test(`${c.device} (${c.type})`, () => {
      assert.equal(isRemoteMount(c.device, c.type), c.remote);
      assert.equal(isDummyMount(c.type), c.dummy);
    });
  }
  test('hasUuidSuffix', () => {
    assert.equal(hasUuidSuffix('/dev/mapper/luks-0b1d5a27-3c2e-4f1a-9e8b-1234567890ab'), true);
    assert.equal(hasUuidSuffix('/dev/disk/by-uuid/828fc648-9f30-43d8-a0b1-f7196a2edb66'), true);
    assert.equal(hasUuidSuffix('0b1d5a27-3c2e-4f1a-9e8b-1234567890ab'), false); // exactly 36: df wants more
    assert.equal(hasUuidSuffix('/dev/mapper/vg0-var'), false);
  });
});

describe('readFilesystems', () => {
  test('mountinfo-variety: duplicates, remote, docker, UUID names, escapes, vanished and empty mounts', async () => {
    const calls: string[] = [];
    const table = tableStatfs({
      '/': { bsize: 4096, blocks: 2621440, bfree: 1310720, bavail: 1179648 },
      '/boot': { bsize: 1024, blocks: 499712, bfree: 400000, bavail: 374400 },
      '/var': { bsize: 4096, blocks: 1000, bfree: 1000, bavail: 1000 },
      '/mnt/my disk': { bsize: 512, blocks: 1001, bfree: 501, bavail: 401 },
      '/snap/core/1234': { bsize: 131072, blocks: 448, bfree: 0, bavail: 0 },
      '/var/lib/docker/devicemapper/mnt/abc': { bsize: 4096, blocks: 100, bfree: 50, bavail: 50 },
      '/var/lib/docker/containers/x': { bsize: 4096, blocks: 100, bfree: 50, bavail: 50 },
      '/mnt/empty': { bsize: 4096, blocks: 0, bfree: 0, bavail: 0 },
      '/secure': { bsize: 4096, blocks: 256, bfree: 128, bavail: 128 },
      '/mnt/swap': { bsize: 4096, blocks: 512, bfree: 512, bavail: 512 },
      '/b': { bsize: 4096, blocks: 10, bfree: 5, bavail: 5 },
      '/mnt/full': { bsize: 4096, blocks: 20, bfree: 10, bavail: 10 },
      '/mnt/dup2': { bsize: 4096, blocks: 30, bfree: 15, bavail: 0 },
      '/mnt/reserved': { bsize: 4096, blocks: 10, bfree: 10, bavail: 0 },
    });
    const got = await readFilesystems(testdataPath('mountinfo-variety'), (mp) => {
      calls.push(mp);
      return table(mp);
    });
    const row = (device: string, mount: string, kbSize: number, kbUsed: number, kbAvailable: number, pct: string) => ({
      device,
      mount,
      kbSize,
      kbUsed,
      kbAvailable,
      percentUsed: pct,
    });
    assert.deepEqual(got, [
      row('/dev/sda1', '/', 10485760, 5242880, 4718592, '53%'), // bind mounts /data, /chroot/root dropped
      row('/dev/sda2', '/boot', 499712, 99712, 374400, '22%'), // ceil(99712 × 100 / 474112) = 22
      row('/dev/mapper/vg0-var', '/var', 4000, 0, 4000, '0%'),
      row('/dev/sdb1', '/mnt/my disk', 501, 250, 201, '56%'), // "\040" unescaped
      row('/dev/loop0', '/snap/core/1234', 57344, 57344, 0, '100%'),
      row('/dev/dm-0', '/secure', 1024, 512, 512, '50%'), // luks-<uuid> symlink resolved
      row('/dev/sdg1', '/mnt/swap', 2048, 0, 2048, '0%'), // sdf1 over-mounted by sdg1
      row('/dev/sdh1', '/b', 40, 20, 20, '50%'), // /b nearer the root than /mnt/a
      row('/dev/sdj1', '/mnt/full', 80, 40, 40, '50%'), // /s is a bind of a subdirectory
      row('/dev/sdi1', '/mnt/dup2', 120, 60, 0, '100%'), // a real device name beats "mydisk"
      row('/dev/sdk1', '/mnt/reserved', 40, 0, 0, '-'),
    ]);
    // Remote (nfs, cifs, ocfs2, and /dev/mapper/docker-8:1-… whose ':' makes gnulib call it remote)
    // and non-/dev (tmpfs, udev, proc) mounts are never statfs'd.
    assert.deepEqual(calls, [
      '/',
      '/boot',
      '/var',
      '/mnt/my disk',
      '/snap/core/1234',
      '/var/lib/docker/devicemapper/mnt/abc',
      '/media/usb',
      '/mnt/empty',
      '/secure',
      '/mnt/swap',
      '/b',
      '/mnt/full',
      '/mnt/dup2',
      '/mnt/reserved',
    ]);
  });

  test('falls back to /proc/mounts when mountinfo is missing', async () => {
    const st = { bsize: 4096, blocks: 100, bfree: 60, bavail: 50 };
    const got = await readFilesystems(testdataPath('mounts-fallback'), tableStatfs({ '/': st, '/mnt/my disk': st }));
    assert.deepEqual(
      got.map((e) => [e.device, e.mount]),
      [
        ['/dev/sda1', '/'],
        ['/dev/sdb1', '/mnt/my disk'],
      ],
    );
  });

  test('a root without a mount table lists nothing', async () => {
    assert.deepEqual(await readFilesystems(testdataPath('stat-no-steal'), tableStatfs({})), []);
  });

  test('real mountinfo capture parses every line', async () => {
    const mounts = parseMountinfo(await readTestdata('linux-real', 't0', 'proc', 'self', 'mountinfo'));
    assert.equal(mounts.length, 20);
    assert.deepEqual(mounts[5], { device: '/dev/vda', mountDir: '/', mountRoot: '/', fsType: 'ext4', devKey: '254:0' });
  });
});

// --- Against the real df on this machine -------------------------------------------------------

interface DfRow {
  device: string;
  mount: string;
  kbSize: number;
  kbUsed: number;
  kbAvailable: number;
}

// The same line shape mackerel-agent's parseDfLine accepts.
const DF_LINE = /^(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(.+)$/;

function realDf(): DfRow[] | null {
  const res = spawnSync('df', ['-Pkl'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (res.error !== undefined || typeof res.stdout !== 'string') return null;
  const rows: DfRow[] = [];
  for (const line of res.stdout.split('\n').slice(1)) {
    const m = DF_LINE.exec(line);
    if (m === null) continue;
    rows.push({
      device: m[1] ?? '',
      kbSize: Number(m[2]),
      kbUsed: Number(m[3]),
      kbAvailable: Number(m[4]),
      mount: m[6] ?? '',
    });
  }
  return rows;
}

const realStatfs = async (mp: string): Promise<StatfsResult> => statfs(mp);
// Files are written between the two listings; 64 MiB of drift is far below any real mismatch.
const DRIFT_KB = 65536;

test('readFilesystems("/") lists the same /dev/ filesystems as the real df -Pkl', async (t) => {
  const df = realDf();
  if (df === null) return t.skip('no df on this machine');
  const ours = await readFilesystems('/', realStatfs);
  const want = df.filter((r) => r.device.startsWith('/dev/'));
  assert.deepEqual(
    ours.map((e) => `${e.device} ${e.mount}`),
    want.map((r) => `${r.device} ${r.mount}`),
  );
  for (const [i, e] of ours.entries()) {
    const r = want[i];
    assert.ok(r !== undefined);
    assert.equal(e.kbSize, r.kbSize, `${e.mount} size`);
    assert.ok(Math.abs(e.kbUsed - r.kbUsed) <= DRIFT_KB, `${e.mount} used ${e.kbUsed} vs ${r.kbUsed}`);
    assert.ok(Math.abs(e.kbAvailable - r.kbAvailable) <= DRIFT_KB, `${e.mount} avail`);
  }
});

test('the df rules (dedupe, -l, dummy, 0 blocks) give every row of the real df -Pkl, not only /dev/', async (t) => {
  const df = realDf();
  if (df === null) return t.skip('no df on this machine');
  const rows: string[] = [];
  for (const m of dedupeMounts(parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8')))) {
    if (isRemoteMount(m.device, m.fsType) || isDummyMount(m.fsType) || !m.mountDir.startsWith('/')) continue;
    let st: StatfsResult;
    try {
      st = await realStatfs(m.mountDir);
    } catch {
      continue;
    }
    if (toDfEntry(m.device, m.mountDir, st) !== null) rows.push(`${m.device} ${m.mountDir}`);
  }
  assert.deepEqual(
    rows,
    df.map((r) => `${r.device} ${r.mount}`),
  );
});
