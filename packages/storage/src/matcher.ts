/** How a matcher compares a label's value: equality or a fully anchored RE2-style regular expression. */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** Selects series by one label, as in PromQL's `{name="value"}`; a missing label matches as "". */
export interface Matcher {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

/** Builds a matcher. */
export function matcher(type: MatchType, name: string, value: string): Matcher {
  return { type, name, value };
}
