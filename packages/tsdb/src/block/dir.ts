import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir } from './fsync.ts';
import { META_FILE, PARTS, readMeta } from './meta.ts';
import { ULID_RE } from './ulid.ts';

const TMP_RE = /^[0-9A-HJKMNP-TV-Z]{26}\.(tmp|del)$/;

/**
 * Lists valid block directories under parentDir (paths, oldest first by id) and removes
 * leftovers of interrupted work: `<id>.tmp` (a write), `<id>.del` (a delete), `meta.json.tmp`
 * and part files that meta says were dropped. Other entries of parentDir are left alone.
 * Throws if a block's meta.json is unreadable: that is corruption, not a crash leftover.
 */
export function listBlocks(parentDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(parentDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  let removed = false;
  for (const name of names.sort()) {
    const dir = path.join(parentDir, name);
    if (TMP_RE.test(name)) {
      fs.rmSync(dir, { recursive: true, force: true });
      removed = true;
      continue;
    }
    if (!ULID_RE.test(name) || !fs.statSync(dir).isDirectory()) continue;
    cleanBlock(dir);
    out.push(dir);
  }
  if (removed) fsyncDir(parentDir);
  return out;
}

// Finishes a part drop that crashed after meta.json was replaced but before the file went.
function cleanBlock(dir: string): void {
  const meta = readMeta(dir);
  let removed = false;
  const tmp = path.join(dir, `${META_FILE}.tmp`);
  if (fs.existsSync(tmp)) {
    fs.rmSync(tmp, { force: true });
    removed = true;
  }
  for (const p of PARTS) {
    const file = path.join(dir, p);
    if (!meta.parts[p] && fs.existsSync(file)) {
      fs.rmSync(file, { force: true });
      removed = true;
    }
  }
  if (removed) fsyncDir(dir);
}

/** Deletes a block directory crash-safely: rename to `<id>.del` (fsynced), then remove it. Close its reader first. */
export function removeBlockDir(dir: string): void {
  const parent = path.dirname(dir);
  const doomed = `${dir}.del`;
  fs.renameSync(dir, doomed);
  fsyncDir(parent);
  fs.rmSync(doomed, { recursive: true, force: true });
}
