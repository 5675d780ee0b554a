import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';

/** How long a writer waits for another process's lock before SQLITE_BUSY (a backup, the CLI). */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating if needed) the SQLite file at `path` with the catalog's durability settings. */
export function openSqlite(path: string): Kysely<Database> {
  const database = new BetterSqlite3(path);
  try {
    // First, so that switching to WAL below also waits for another process's lock.
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers never block the writer, and a commit is one append to the log.
    database.pragma('journal_mode = WAL');
    // FULL fsyncs the WAL on every commit: an acknowledged write survives kill -9 and power loss.
    // NORMAL would be faster but may lose the last commits on power loss; catalog writes are few
    // (host registration, metadata), so the fsync costs nothing that matters.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
  } catch (e) {
    database.close();
    throw e;
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}
