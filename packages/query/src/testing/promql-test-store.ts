import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tsdb } from '@saba/tsdb';

/** A real embedded tsdb for Prometheus's test scripts, in a temp directory that `close` removes. */
export interface PromqlTestStore {
  readonly db: Tsdb;
  close(): Promise<void>;
}

// The scripts' samples sit at the epoch onwards (load 1m: 0, 60 s, ...; the longest reach a few
// weeks), so the clock stands at the epoch and the accepted window spans a century either way.
const CENTURY_MS = 100 * 365 * 86_400_000;

/** Opens the store: clock at 0, no fsync, no background maintenance (so no head cut or retention ever runs). */
export async function openPromqlTestStore(): Promise<PromqlTestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'saba-promqltest-'));
  try {
    const db = await Tsdb.open({
      dir,
      clock: () => 0,
      fsync: 'never',
      maintenanceIntervalMs: 0,
      oooWindowMs: CENTURY_MS,
      futureWindowMs: CENTURY_MS,
    });
    return {
      db,
      close: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
