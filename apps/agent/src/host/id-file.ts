// The host id file `<root>/id` (spec §15.1): the id alone, no trailing newline; a missing or
// empty file means "not registered yet".

import { join } from 'node:path';
import { mkdir, readFile, rename, unlink, writeFile } from '@saba/agent-config/sync-fs';

/** Path of the id file under the agent's root. */
export function idFilePath(root: string): string {
  return join(root, 'id');
}

/** The saved host id, or undefined when the file is missing or empty. */
export async function readHostId(root: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(idFilePath(root), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const id = text.replace(/[\r\n]+$/, '').trim();
  return id === '' ? undefined : id;
}

/** Saves the host id (atomically, so a crash never leaves a half-written id). */
export async function writeHostId(root: string, id: string): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o755 });
  const tmp = `${idFilePath(root)}.tmp`;
  await writeFile(tmp, id, { mode: 0o644 });
  await rename(tmp, idFilePath(root));
}

/** Removes the id file (after retirement): the next start registers a new host. */
export async function removeHostId(root: string): Promise<void> {
  await unlink(idFilePath(root)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}
