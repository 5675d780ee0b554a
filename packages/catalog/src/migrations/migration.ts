import type { Kysely } from 'kysely';

/** The SQL dialects the catalog runs on. */
export type SqlDialect = 'sqlite' | 'postgres';

/** One schema change, applied once, in name order, inside the migrator's transaction. */
export interface Migration {
  /** Sorts the migrations; recorded in `saba_migrations` once applied. Never renamed. */
  readonly name: string;
  /** Applies the change. Gets an untyped handle: the schema type describes the latest shape, not this one's. */
  up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void>;
}
