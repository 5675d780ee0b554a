import { msToSec, nowMs } from '@saba/model';
import type { Catalog } from './catalog.ts';
import { migrate } from './migrate.ts';
import type { SqlDialect } from './migrations/migration.ts';
import { openPostgres } from './postgres.ts';
import { sqlCatalog } from './sql-catalog.ts';
import { openSqlite } from './sqlite.ts';

/** Where the catalog lives: a SQLite file, or a PostgreSQL database (optionally one schema of it). */
export type CatalogConfig =
  | { readonly driver: 'sqlite'; readonly path: string }
  | { readonly driver: 'postgres'; readonly connectionString: string; readonly schema?: string };

/** Opens the catalog and applies pending migrations before returning it. */
export async function openCatalog(config: CatalogConfig): Promise<Catalog> {
  const dialect: SqlDialect = config.driver;
  const db =
    config.driver === 'sqlite' ? openSqlite(config.path) : openPostgres(config.connectionString, config.schema);
  const schema = config.driver === 'postgres' ? config.schema : undefined;
  try {
    await migrate(db, dialect, msToSec(nowMs()), schema === undefined ? {} : { schema });
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return sqlCatalog(db);
}
