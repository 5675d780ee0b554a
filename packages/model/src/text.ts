/**
 * Lower case of ASCII letters only: what SQLite's lower() does, and PostgreSQL's under the "C"
 * collation. Saba compares emails and host names this way on both catalogs (so 'É' stays 'É'),
 * and a query's parameter is lowered here, not in SQL, where it would take the database's locale.
 */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
