// Driver errors that stand for an expected outcome, so repositories can turn them into Saba's
// errors instead of leaking them. better-sqlite3 and pg both put the reason in `code`.

/** Error codes of a duplicate key: SQLite's extended result codes and PostgreSQL's SQLSTATE. */
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);
/** Error codes of a missing referenced row. */
const FOREIGN_KEY_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);

function codeOf(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
}

/** Whether `e` is a driver's unique or primary-key violation. */
export function isUniqueViolation(e: unknown): boolean {
  const code = codeOf(e);
  return typeof code === 'string' && UNIQUE_CODES.has(code);
}

/** Whether `e` is a driver's foreign-key violation. */
export function isForeignKeyViolation(e: unknown): boolean {
  const code = codeOf(e);
  return typeof code === 'string' && FOREIGN_KEY_CODES.has(code);
}
