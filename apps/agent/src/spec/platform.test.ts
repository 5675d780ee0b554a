import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readKernel } from './kernel.ts';
import { detectPlatform, platformName } from './platform.ts';

const fixtures = join(import.meta.dirname, '../../testdata/spec/platform');

// Each fixture holds the release files of one distribution; expected values follow gopsutil's
// PlatformInformation and mackerel-agent's normalizePlatform.
const cases: { dir: string; id: string; version: string; name: string; why: string }[] = [
  { dir: 'ubuntu2204', id: 'ubuntu', version: '22.04', name: 'Ubuntu', why: 'debian_version + lsb-release Ubuntu' },
  {
    dir: 'debian11',
    id: 'debian',
    version: '11.9',
    name: 'Debian',
    why: 'version from debian_version, not os-release',
  },
  { dir: 'raspbian', id: 'raspbian', version: '12.5', name: 'Raspbian', why: '/usr/bin/raspi-config present' },
  { dir: 'centos7', id: 'centos', version: '7.9.2009', name: 'CentOS', why: 'first word of redhat-release' },
  { dir: 'rhel9', id: 'redhat', version: '9.3', name: 'Red Hat Enterprise Linux', why: '"red hat" anywhere' },
  { dir: 'rocky9', id: 'rocky', version: '9.3', name: 'rocky', why: 'ids without a pretty name pass through' },
  { dir: 'fedora-rawhide', id: 'fedora', version: 'rawhide', name: 'Fedora', why: 'rawhide wins over the number' },
  { dir: 'amzn2', id: 'amazon', version: '2', name: 'Amazon Linux', why: 'system-release before os-release' },
  { dir: 'oracle8', id: 'oracle', version: '8.9', name: 'Oracle Linux', why: 'oracle-release before redhat-release' },
  { dir: 'alpine', id: 'alpine', version: '3.19.1', name: 'Alpine Linux', why: 'alpine-release' },
  { dir: 'arch', id: 'arch', version: '', name: 'Arch Linux', why: 'arch-release; version only from lsb-release' },
  { dir: 'opensuse-leap', id: 'opensuse-leap', version: '15.5', name: 'opensuse-leap', why: 'os-release, quotes cut' },
  { dir: 'sles12', id: 'suse', version: '12.3', name: 'SUSE Linux Enterprise Server', why: 'SuSE-release patchlevel' },
  { dir: 'empty-debian-version', id: 'debian', version: '12', name: 'Debian', why: 'empty debian_version is skipped' },
  { dir: 'lsb-only', id: 'amazon', version: '2018.03', name: 'Amazon Linux', why: 'lsb-release alone' },
  { dir: 'does-not-exist', id: '', version: '', name: '', why: 'no release file at all' },
];

for (const c of cases) {
  test(`platform ${c.dir}: ${c.why}`, async () => {
    assert.deepEqual(await detectPlatform(join(fixtures, c.dir)), { id: c.id, version: c.version });
    assert.equal(platformName(c.id), c.name);
  });
}

test('kernel keys: uname values from /proc/sys/kernel, platform keys only when known', async () => {
  const golden = join(import.meta.dirname, '../../testdata/spec/ubuntu1204-i686-2socket');
  assert.deepEqual(await readKernel(golden, 'i686'), {
    name: 'Linux',
    release: '3.2.0-126-generic-pae',
    version: '#169-Ubuntu SMP Fri Mar 31 14:47:21 UTC 2017',
    machine: 'i686',
    os: 'GNU/Linux',
    platform_name: 'Ubuntu',
    platform_version: '12.04',
  });
  const arch = await readKernel(join(fixtures, 'arch'), 'x86_64');
  assert.equal(arch.platform_name, 'Arch Linux');
  assert.equal('platform_version' in arch, false);
  const bare = await readKernel(join(fixtures, 'does-not-exist'), 'x86_64');
  assert.equal('platform_name' in bare, false);
});
