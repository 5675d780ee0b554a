// `meta.cpu`: one object per logical CPU, as mackerel-agent reports it on Linux. The official
// agent (spec/linux/cpu.go) maps gopsutil v3's cpu.Info() to ten string keys; this file
// re-implements that parsing of /proc/cpuinfo (gopsutil cpu/cpu_linux.go) so the values match,
// including its quirks: `cores` is always "1" (one entry per logical CPU), `cache_size` is
// "<n> KB" ("0 KB" when absent), `mhz` is cpuinfo_max_freq when cpufreq exposes it.

import { join } from 'node:path';
import { readFile } from '@saba/agent-config/sync-fs';
import { armImplementers, armPartNames } from './arm-cpu-names.ts';

/** The fields gopsutil keeps per logical CPU before mackerel-agent turns them into strings. */
interface CpuInfo {
  cpu: number;
  vendorId: string;
  family: string;
  model: string;
  modelName: string;
  stepping: number;
  mhz: number;
  cacheSize: number;
  physicalId: string;
  coreId: string;
}

/** Go's strconv.ParseInt/ParseUint with base 0 or 10: the whole string must be a number. */
function parseInteger(text: string, base0: boolean): number | undefined {
  const pattern = base0 ? /^(0x[0-9a-f]+|0o?[0-7]+|0b[01]+|[1-9][0-9]*|0)$/i : /^[+-]?[0-9]+$/;
  if (!pattern.test(text)) return undefined;
  if (base0 && /^0[0-7]+$/.test(text)) return Number.parseInt(text.slice(1), 8);
  return Number(text);
}

/** A CPU record before its `processor` line; gopsutil fills one too (CPU -1) and drops it. */
function emptyCpu(cpu: number, modelName: string): CpuInfo {
  return {
    cpu,
    vendorId: '',
    family: '',
    model: '',
    modelName,
    stepping: 0,
    mhz: 0,
    cacheSize: 0,
    physicalId: '',
    coreId: '',
  };
}

/** Parses /proc/cpuinfo the way gopsutil does; undefined where gopsutil returns an error. */
function parseCpuinfo(text: string): CpuInfo[] | undefined {
  const result: CpuInfo[] = [];
  let processorName = '';
  let current = emptyCpu(-1, '');
  for (const line of text.split('\n')) {
    // gopsutil splits on every ':' and keeps only the second piece.
    const fields = line.split(':');
    if (fields.length < 2) continue;
    const key = fields[0]!.trim();
    const value = fields[1]!.trim();
    if (key === 'Processor') {
      // Old 32-bit ARM kernels name the model once, before the processor lines.
      processorName = value;
    } else if (key === 'processor' || key === 'cpu number') {
      if (current.cpu >= 0) result.push(current);
      const cpu = parseInteger(value, false);
      if (cpu === undefined) return undefined;
      current = emptyCpu(cpu, processorName);
    } else {
      if (!applyField(current, key, value)) return undefined;
      if ((key === 'vendor_id' || key === 'vendorId') && value.includes('S390')) processorName = 'S390';
    }
  }
  if (current.cpu >= 0) result.push(current);
  return result;
}

/** Applies one `key: value` line to the CPU being read; false on a number gopsutil cannot parse. */
function applyField(c: CpuInfo, key: string, value: string): boolean {
  switch (key) {
    case 'vendorId':
    case 'vendor_id':
      c.vendorId = value;
      return true;
    case 'CPU implementer': {
      const code = parseInteger(value, true);
      const vendor = code === undefined ? undefined : armImplementers.get(code);
      if (vendor !== undefined) c.vendorId = vendor;
      return true;
    }
    case 'cpu family':
      c.family = value;
      return true;
    case 'model':
    case 'CPU part': {
      c.model = value;
      if (c.vendorId === 'ARM') {
        const part = parseInteger(value, true);
        if (part !== undefined && part < 0x10000) c.modelName = armPartNames.get(part) ?? 'Undefined';
      }
      return true;
    }
    case 'Model Name':
    case 'model name':
    case 'cpu':
      c.modelName = value;
      if (value.includes('POWER')) {
        c.model = value.split(' ')[0]!;
        c.family = 'POWER';
        c.vendorId = 'IBM';
      }
      return true;
    case 'stepping':
    case 'revision':
    case 'CPU revision': {
      const stepping = parseInteger(key === 'revision' ? value.split('.')[0]! : value, false);
      if (stepping === undefined) return false;
      c.stepping = stepping;
      return true;
    }
    case 'cpu MHz':
    case 'clock':
    case 'cpu MHz dynamic': {
      // A fallback only: an unparsable value is ignored, as in gopsutil.
      const mhz = Number(value.replace('MHz', ''));
      if (value !== '' && Number.isFinite(mhz)) c.mhz = mhz;
      return true;
    }
    case 'cache size': {
      const size = parseInteger(value.replace(' KB', ''), false);
      if (size === undefined) return false;
      c.cacheSize = size;
      return true;
    }
    case 'physical id':
      c.physicalId = value;
      return true;
    case 'core id':
      c.coreId = value;
      return true;
    default:
      return true;
  }
}

/** First line of a file, or undefined when it cannot be read. */
async function firstLine(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** gopsutil's finishCPUInfo: core_id from sysfs when cpuinfo lacks it; mhz from cpuinfo_max_freq. */
async function finishFromSysfs(root: string, c: CpuInfo): Promise<void> {
  const dir = join(root, 'sys/devices/system/cpu', `cpu${c.cpu}`);
  if (c.coreId === '') {
    const coreId = await firstLine(join(dir, 'topology/core_id'));
    if (coreId !== undefined) c.coreId = coreId;
  }
  const maxFreq = await firstLine(join(dir, 'cpufreq/cpuinfo_max_freq'));
  if (maxFreq === undefined || maxFreq === '') return;
  const value = Number(maxFreq);
  if (!Number.isFinite(value)) return;
  // The file is in kHz; some drivers report Hz, which gives more than 9999 "MHz".
  c.mhz = value / 1000 > 9999 ? value / 1000 / 1000 : value / 1000;
}

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
function formatFloat(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return Math.abs(n) >= 1 ? BigInt(Math.round(n)).toString() : n.toFixed(20).replace(/0+$/, '');
}

/** mackerel-agent's string record for one CPU. */
function toSpec(c: CpuInfo): Record<string, string> {
  return {
    vendor_id: c.vendorId,
    model: c.model,
    stepping: String(c.stepping),
    physical_id: c.physicalId,
    core_id: c.coreId,
    cache_size: `${c.cacheSize} KB`,
    model_name: c.modelName,
    family: c.family,
    // gopsutil returns one entry per logical CPU with Cores fixed at 1.
    cores: '1',
    mhz: formatFloat(c.mhz),
  };
}

/** `meta.cpu` from /proc/cpuinfo text alone (no sysfs); undefined when gopsutil would fail. */
export function cpuSpecFromCpuinfo(text: string): Record<string, string>[] | undefined {
  return parseCpuinfo(text)?.map(toSpec);
}

/** The `meta.cpu` array from `${root}/proc/cpuinfo` (and cpufreq/topology in sysfs); undefined when unreadable. */
export async function readCpu(root: string): Promise<Record<string, string>[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, 'proc/cpuinfo'), 'utf8');
  } catch {
    return undefined;
  }
  const cpus = parseCpuinfo(text);
  if (!cpus) return undefined;
  await Promise.all(cpus.map((c) => finishFromSysfs(root, c)));
  return cpus.map(toSpec);
}
