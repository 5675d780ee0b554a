// Typed reads from one parsed TOML table. Every key a reader asks for becomes "known"; `finish()`
// reports the keys present but never asked for, with their dotted path and, like the official
// configtest (config/validate.go), a suggestion when a known key is within edit distance 2.
import { ConfigError } from './config-error.ts';
import { compileGoRegexp } from './regex.ts';

/** A key in a config file that the agent does not use. */
export interface UnknownKey {
  readonly file: string;
  /** Dotted path, e.g. `plugin.checks.foo.check_intreval`. */
  readonly key: string;
  /** The known key it probably meant, as a dotted path. */
  readonly suggestion?: string;
}

/** A parsed TOML table (smol-toml output). */
export type RawTable = Record<string, unknown>;

/** Names a TOML value's type for messages. */
export function tomlType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (typeof v === 'bigint') return 'integer';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'datetime';
  return 'table';
}

/** Reports whether a value is a TOML table. */
export function isTable(v: unknown): v is RawTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Reads typed values out of one table, remembering which keys are known. */
export class TableReader {
  private readonly known = new Set<string>();

  constructor(
    readonly file: string,
    /** Dotted path of this table; '' for the top level. */
    readonly path: string,
    readonly raw: RawTable,
    private readonly unknown: UnknownKey[],
  ) {}

  /** The dotted path of a key of this table. */
  keyPath(k: string): string {
    return this.path === '' ? k : `${this.path}.${k}`;
  }

  /** A ConfigError about key `k` of this table. */
  error(k: string, problem: string): ConfigError {
    return new ConfigError(this.file, this.keyPath(k), problem);
  }

  /** The raw value of `k` (marks it known). */
  value(k: string): unknown {
    this.known.add(k);
    return this.raw[k];
  }

  /** Marks keys as known without reading them (accepted and ignored). */
  accept(...keys: string[]): void {
    for (const k of keys) this.known.add(k);
  }

  /** A string value, or undefined when absent. */
  string(k: string): string | undefined {
    const v = this.value(k);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw this.error(k, `expected a string, got ${tomlType(v)}`);
    return v;
  }

  /** A boolean value, or undefined when absent. */
  bool(k: string): boolean | undefined {
    const v = this.value(k);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw this.error(k, `expected a boolean, got ${tomlType(v)}`);
    return v;
  }

  /** An integer value, or undefined when absent. */
  integer(k: string): number | undefined {
    const v = this.value(k);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.error(k, `expected an integer, got ${tomlType(v)}`);
    return v;
  }

  /** A number (integer or float) value, or undefined when absent. */
  number(k: string): number | undefined {
    const v = this.value(k);
    if (v === undefined) return undefined;
    if (typeof v !== 'number') throw this.error(k, `expected a number, got ${tomlType(v)}`);
    return v;
  }

  /** An array of strings, or undefined when absent. */
  stringArray(k: string): string[] | undefined {
    const v = this.value(k);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw this.error(k, `expected an array of strings, got ${tomlType(v)}`);
    v.forEach((item, i) => {
      if (typeof item !== 'string') throw this.error(`${k}[${i}]`, `expected a string, got ${tomlType(item)}`);
    });
    return v as string[];
  }

  /** A Go regular expression compiled to a RegExp (regex.ts), or undefined when absent. */
  regexp(k: string): RegExp | undefined {
    const src = this.string(k);
    return src === undefined ? undefined : this.parse(k, src, compileGoRegexp);
  }

  /** `parse(v)` for the value `v` of key `k`, its error thrown again as a ConfigError about `k`. */
  parse<V, T>(k: string, v: V, parse: (v: V) => T): T {
    try {
      return parse(v);
    } catch (e) {
      throw this.error(k, (e as Error).message);
    }
  }

  /** A sub-table as a reader sharing this one's unknown-key list, or undefined when absent. */
  table(k: string): TableReader | undefined {
    const v = this.value(k);
    if (v === undefined) return undefined;
    if (!isTable(v)) throw this.error(k, `expected a table, got ${tomlType(v)}`);
    return new TableReader(this.file, this.keyPath(k), v, this.unknown);
  }

  /** Records a key, given as a full dotted path, as unknown. */
  reportUnknown(key: string, suggestion?: string): void {
    this.unknown.push(suggestion === undefined ? { file: this.file, key } : { file: this.file, key, suggestion });
  }

  /** Records every key of this table that was never asked for. */
  finish(): void {
    for (const k of Object.keys(this.raw)) {
      if (this.known.has(k)) continue;
      const near = nearest(k, [...this.known]);
      this.reportUnknown(this.keyPath(k), near === undefined ? undefined : this.keyPath(near));
    }
  }
}

/** The candidate closest to `given` within edit distance 2, as the official configtest suggests. */
export function nearest(given: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const c of candidates) {
    const d = editDistance(given, c);
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
