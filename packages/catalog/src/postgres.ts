import { BadDataError } from '@saba/model';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/** A schema name that needs no quoting in `search_path` or SQL. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** PostgreSQL's type oid of int8 (bigint). */
const INT8_OID = 20;

/** Opens a pool on `connectionString`; with `schema`, every connection works in that schema (the migrator creates it). */
export function openPostgres(connectionString: string, schema?: string): Kysely<Database> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new BadDataError(`PostgreSQL schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME.source}.`);
  }
  const pool = new pg.Pool({
    connectionString,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    types: {
      // pg returns int8 as a string to keep 64 bits; ours are Unix seconds and counts, far below
      // 2^53, so numbers are exact and both dialects give the repositories the same type.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that breaks (server restart) is dropped by the pool, and the next query
  // opens a new one or fails with its own error; without a listener the event would end the process.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
