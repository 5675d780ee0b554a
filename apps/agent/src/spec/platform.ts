// The Linux distribution behind `meta.kernel.platform_name` / `platform_version`. mackerel-agent
// (spec/linux/kernel.go) asks gopsutil v3's host.PlatformInformation() and renames the platform
// id ("debian" -> "Debian"). That function probes release files in a fixed order; the order
// matters (Ubuntu and Debian both have /etc/debian_version and are told apart by lsb-release;
// Debian's version comes from /etc/debian_version, "12.11", not from os-release's "12").

import { join } from 'node:path';
import { readFile, stat } from '@saba/agent-config/sync-fs';

/** A distribution as gopsutil names it (lower-case id) and its version. */
export interface Platform {
  readonly id: string;
  readonly version: string;
}

/** What /etc/lsb-release says; gopsutil keeps values verbatim, quotes included. */
interface Lsb {
  id: string;
  release: string;
}

/** Lines of a file without their newlines; undefined when unreadable. */
async function readLines(path: string): Promise<string[] | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  } catch {
    return undefined;
  }
}

/** gopsutil's PathExists (any kind of entry) or PathExistsWithContents (non-empty). */
async function exists(path: string, withContents = false): Promise<boolean> {
  try {
    const s = await stat(path);
    return !withContents || s.size > 0;
  } catch {
    return false;
  }
}

/** Splits `KEY=value` as gopsutil does: on every '=', keeping only the second piece. */
function keyValue(line: string): [string, string] | undefined {
  const fields = line.split('=');
  return fields.length < 2 ? undefined : [fields[0]!, fields[1]!];
}

/** /etc/lsb-release (the `lsb_release` command fallback is not run: no child processes here). */
async function readLsb(etc: string): Promise<Lsb> {
  const lsb: Lsb = { id: '', release: '' };
  for (const line of (await readLines(join(etc, 'lsb-release'))) ?? []) {
    const kv = keyValue(line);
    if (kv?.[0] === 'DISTRIB_ID') lsb.id = kv[1];
    if (kv?.[0] === 'DISTRIB_RELEASE') lsb.release = kv[1];
  }
  return lsb;
}

/** Removes one pair of surrounding double quotes. */
function trimQuotes(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** /etc/os-release: ID and VERSION_ID, with Amazon's "amzn" renamed "amazon". */
async function readOsRelease(etc: string): Promise<Platform> {
  let id = '';
  let version = '';
  for (const line of (await readLines(join(etc, 'os-release'))) ?? []) {
    const kv = keyValue(line);
    if (kv?.[0] === 'ID') id = trimQuotes(kv[1]);
    if (kv?.[0] === 'VERSION_ID') version = trimQuotes(kv[1]);
  }
  return { id: id === 'amzn' ? 'amazon' : id, version };
}

/** "CentOS Linux release 7.9.2009 (Core)" -> "7.9.2009"; "rawhide" for Fedora Rawhide. */
function redhatishVersion(lines: readonly string[]): string {
  const c = lines.join('').toLowerCase();
  if (c.includes('rawhide')) return 'rawhide';
  return /release (\w[\d.]*)/.exec(c)?.[1] ?? '';
}

/** "Red Hat ..." -> "redhat"; otherwise the first word, lower-cased ("centos", "rocky", "amazon"). */
function redhatishPlatform(lines: readonly string[]): string {
  const c = lines.join('').toLowerCase();
  return c.includes('red hat') ? 'redhat' : c.split(' ')[0]!;
}

/** SuSE-release: "VERSION = 12" plus "PATCHLEVEL = 3" -> "12.3". */
function suseVersion(lines: readonly string[]): string {
  let version = '';
  for (const line of lines) {
    const v = /VERSION = ([\d.]+)/.exec(line);
    const p = /PATCHLEVEL = (\d+)/.exec(line);
    if (v) version = v[1]!;
    else if (p) version = `${version}.${p[1]}`;
  }
  return version;
}

/** A release file's lines, or [] when it vanished between the existence check and the read. */
async function lines(etc: string, name: string): Promise<string[]> {
  return (await readLines(join(etc, name))) ?? [];
}

// lsb-release DISTRIB_IDs that gopsutil trusts on Debian derivatives (Cumulus keeps its quotes).
const debianDerivatives: ReadonlyMap<string, string> = new Map([
  ['Ubuntu', 'ubuntu'],
  ['LinuxMint', 'linuxmint'],
  ['Kylin', 'Kylin'],
  ['"Cumulus Linux"', 'cumuluslinux'],
]);

// lsb-release DISTRIB_IDs consulted last, when no release file matched.
const lsbOnly: ReadonlyMap<string, string> = new Map([
  ['RedHat', 'redhat'],
  ['Amazon', 'amazon'],
  ['ScientificSL', 'scientific'],
  ['XenServer', 'xenserver'],
]);

/** Detects the distribution under `${root}/etc` in gopsutil's order; id '' when unknown. */
export async function detectPlatform(root: string): Promise<Platform> {
  const etc = join(root, 'etc');
  const lsb = await readLsb(etc);
  const has = (name: string, withContents = false) => exists(join(etc, name), withContents);
  let platform: Platform = { id: '', version: '' };
  if (await has('oracle-release', true)) {
    platform = { id: 'oracle', version: redhatishVersion(await lines(etc, 'oracle-release')) };
  } else if (await has('enterprise-release', true)) {
    platform = { id: 'oracle', version: redhatishVersion(await lines(etc, 'enterprise-release')) };
  } else if (await has('slackware-version', true)) {
    const text = (await lines(etc, 'slackware-version')).join('').toLowerCase();
    platform = { id: 'slackware', version: text.replace('slackware ', '') };
  } else if (await has('debian_version', true)) {
    const derivative = debianDerivatives.get(lsb.id);
    if (derivative !== undefined) {
      platform = { id: derivative, version: lsb.release };
    } else {
      const raspbian = await exists(join(root, 'usr/bin/raspi-config'), true);
      platform = { id: raspbian ? 'raspbian' : 'debian', version: (await lines(etc, 'debian_version'))[0] ?? '' };
    }
  } else if (await has('neokylin-release')) {
    const l = await lines(etc, 'neokylin-release');
    platform = { id: redhatishPlatform(l), version: redhatishVersion(l) };
  } else if (await has('redhat-release')) {
    const l = await lines(etc, 'redhat-release');
    platform = { id: redhatishPlatform(l), version: redhatishVersion(l) };
  } else if (await has('system-release')) {
    const l = await lines(etc, 'system-release');
    platform = { id: redhatishPlatform(l), version: redhatishVersion(l) };
  } else if (await has('gentoo-release')) {
    platform = { id: 'gentoo', version: redhatishVersion(await lines(etc, 'gentoo-release')) };
  } else if (await has('SuSE-release')) {
    const l = await lines(etc, 'SuSE-release');
    const opensuse = l.join('').toLowerCase().includes('opensuse');
    platform = { id: opensuse ? 'opensuse' : 'suse', version: suseVersion(l) };
  } else if (await has('arch-release')) {
    platform = { id: 'arch', version: lsb.release };
  } else if (await has('alpine-release')) {
    platform = { id: 'alpine', version: (await lines(etc, 'alpine-release'))[0] ?? '' };
  } else if (await has('os-release')) {
    platform = await readOsRelease(etc);
  } else if (lsb.id !== '') {
    platform = { id: lsbOnly.get(lsb.id) ?? lsb.id.toLowerCase(), version: lsb.release };
  }
  // Go's strings.Trim(platform, `"`): quotes at either end only.
  return { id: platform.id.replace(/^"+|"+$/g, ''), version: platform.version };
}

// gopsutil ids -> the names mackerel-agent sends (normalizePlatform in spec/linux/kernel.go);
// other ids are sent as they are.
const platformNames: ReadonlyMap<string, string> = new Map([
  ['debian', 'Debian'],
  ['ubuntu', 'Ubuntu'],
  ['linuxmint', 'Linux Mint'],
  ['raspbian', 'Raspbian'],
  ['fedora', 'Fedora'],
  ['oracle', 'Oracle Linux'],
  ['enterpriseenterprise', 'Oracle Enterprise Linux'],
  ['centos', 'CentOS'],
  ['redhat', 'Red Hat Enterprise Linux'],
  ['scientific', 'Scientific Linux'],
  ['amazon', 'Amazon Linux'],
  ['xenserver', 'XenServer'],
  ['cloudlinux', 'CloudLinux'],
  ['ibm_powerkvm', 'IBM PowerKVM'],
  ['suse', 'SUSE Linux Enterprise Server'],
  ['opensuse', 'openSUSE'],
  ['gentoo', 'Gentoo Linux'],
  ['slackware', 'Slackware'],
  ['arch', 'Arch Linux'],
  ['exherbo', 'Exherbo'],
  ['alpine', 'Alpine Linux'],
  ['coreos', 'CoreOS'],
]);

/** The `platform_name` mackerel-agent sends for a gopsutil platform id. */
export function platformName(id: string): string {
  return platformNames.get(id) ?? id;
}
