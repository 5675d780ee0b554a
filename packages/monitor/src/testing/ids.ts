let next = 0;

/** Ids for test alerts and logs: unique, ordered and readable in failures. */
export function newTestId(): string {
  next++;
  return `t${String(next).padStart(10, '0')}`;
}
