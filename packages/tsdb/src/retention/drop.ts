import fs from 'node:fs';
import path from 'node:path';
import type { Resolution } from '@saba/storage';
import { type BlockMeta, fsyncDir, INDEX_FILE, PARTS, readMeta, writeMetaAtomic } from '../block/index.ts';

/**
 * Applies dropping parts to a block directory: meta.json is replaced first (crash-safe), then
 * the part files are unlinked; a crash between leaves files listBlocks removes. Returns the new
 * meta. Open readers keep their old view: reopen the block afterwards.
 */
export function dropBlockParts(dir: string, parts: readonly Resolution[]): BlockMeta {
  const meta = readMeta(dir);
  const next: BlockMeta = { ...meta, parts: { ...meta.parts }, stats: { ...meta.stats } };
  for (const p of parts) next.parts[p] = false;
  let bytes = fileSize(path.join(dir, INDEX_FILE));
  for (const p of PARTS) if (next.parts[p]) bytes += fileSize(path.join(dir, p));
  next.stats.bytes = bytes;
  writeMetaAtomic(dir, next);
  for (const p of parts) fs.rmSync(path.join(dir, p), { force: true });
  fsyncDir(dir);
  return next;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
