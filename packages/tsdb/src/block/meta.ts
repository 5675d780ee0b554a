import fs from 'node:fs';
import path from 'node:path';
import { BadDataError, SabaError } from '@saba/model';
import type { Resolution } from '@saba/storage';
import { fsyncDir } from './fsync.ts';

/** What a block is: its range, write order, compaction level, sizes and which parts remain (docs/format/block.md). */
export interface BlockMeta {
  version: 1;
  id: string;
  minT: number;
  /** Exclusive. */
  maxT: number;
  seq: number;
  level: number;
  overlapping?: boolean;
  stats: { series: number; samples: number; chunks: number; bytes: number };
  /** Which parts are stored: false = never written (the block was asked not to store it) or dropped by retention. */
  parts: PartFlags;
}

/** One flag per part: whether the block stores it. */
export interface PartFlags {
  raw: boolean;
  '5m': boolean;
  '1h': boolean;
  '1d': boolean;
}

/** The parts of a block in file order: raw samples, then rollups finest first. */
export const PARTS = ['raw', '5m', '1h', '1d'] as const satisfies readonly Resolution[];

/**
 * The flags of the parts in `list` (default: all four), checked: at least one part, each a
 * known one (a block with no part would hold nothing but its index).
 */
export function partFlags(list: readonly Resolution[] = PARTS): PartFlags {
  if (list.length === 0) throw new BadDataError('block: no part to store');
  const flags: PartFlags = { raw: false, '5m': false, '1h': false, '1d': false };
  for (const p of list) {
    if (!(PARTS as readonly string[]).includes(p)) throw new BadDataError(`block: unknown part ${String(p)}`);
    flags[p] = true;
  }
  return flags;
}

/** The meta file's name inside a block directory. */
export const META_FILE = 'meta.json';

/** Reads and checks a block's meta.json. */
export function readMeta(dir: string): BlockMeta {
  const file = path.join(dir, META_FILE);
  let m: BlockMeta;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as BlockMeta;
  } catch (err) {
    throw new SabaError('internal', `block ${dir}: cannot read ${META_FILE}`, { cause: err });
  }
  if (m.version !== 1) throw new SabaError('internal', `block ${dir}: unknown meta version ${String(m.version)}`);
  return m;
}

/** Replaces a block's meta.json crash-safely: write a temp file, fsync, rename over, fsync the directory. */
export function writeMetaAtomic(dir: string, meta: BlockMeta): void {
  const tmp = path.join(dir, `${META_FILE}.tmp`);
  writeFileSynced(tmp, JSON.stringify(meta, null, 2));
  fs.renameSync(tmp, path.join(dir, META_FILE));
  fsyncDir(dir);
}

/** Writes a whole file and fsyncs it. */
export function writeFileSynced(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
