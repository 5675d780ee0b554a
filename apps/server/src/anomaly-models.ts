// The monitor engine's anomaly models as files: one per (monitor, role) under
// `<data dir>/anomaly/`, in the format of docs/format/anomaly-model.md. A model is written once
// per training (every few days), so each write pays for a temp file, fsync and rename: a crash
// leaves the old model or the new one, never half of one.
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeModel, encodeModel, type ModelStore, type RoleName, type StoredRoleModel } from '@saba/monitor';

/** A name part with `.` (the separator) and anything unsafe in a file name escaped. */
function part(s: string): string {
  return encodeURIComponent(s).replaceAll('.', '%2E');
}

/** The file of a (monitor, role): `<monitor id>.<service>.<role>.json`. */
export function modelFileName(monitorId: string, role: RoleName): string {
  return `${part(monitorId)}.${part(role.service)}.${part(role.role)}.json`;
}

/** Syncs a directory so a rename in it survives a crash. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** A ModelStore over the files of `dir` (made on first write); `log` hears of unreadable files, which are skipped. */
export function fileModelStore(dir: string, log: (line: string) => void): ModelStore {
  return {
    async loadAll() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      const out: StoredRoleModel[] = [];
      for (const name of names) {
        const m = /^([^.]+)\.([^.]+)\.([^.]+)\.json$/.exec(name);
        if (m === null) continue;
        try {
          const model = decodeModel(await readFile(join(dir, name), 'utf8'));
          out.push({
            monitorId: decodeURIComponent(m[1] as string),
            role: { service: decodeURIComponent(m[2] as string), role: decodeURIComponent(m[3] as string) },
            model,
          });
        } catch (err) {
          // The role is trained again from its history; the server still starts.
          log(`anomaly: model file ${name} is skipped: ${(err as Error).message}`);
        }
      }
      return out;
    },

    async save(monitorId, role, model) {
      await mkdir(dir, { recursive: true });
      const path = join(dir, modelFileName(monitorId, role));
      const tmp = `${path}.tmp`;
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(encodeModel(model), 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      await syncDir(dir);
    },

    async delete(monitorId, role) {
      await rm(join(dir, modelFileName(monitorId, role)), { force: true });
    },
  };
}
