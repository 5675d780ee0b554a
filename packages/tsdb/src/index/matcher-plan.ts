import type { Matcher } from '@saba/storage';
import { compileRegex } from './regex.ts';

/**
 * The values the positive form of a matcher (`=` or `=~`) accepts, in the shape the index can
 * look up fastest: literals and literal alternations by key, prefixes by range, regexes by scan.
 */
export type ValueSet =
  | { readonly kind: 'any' }
  | { readonly kind: 'nonEmpty' }
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'set'; readonly values: ReadonlySet<string> }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'regex'; readonly re: RegExp };

/** A matcher ready to run: its value set, whether it is negated, and its predicate. */
export interface MatcherPlan {
  readonly name: string;
  readonly set: ValueSet;
  /** `!=` or `!~`: the matcher accepts the values outside `set`. */
  readonly negated: boolean;
  /** Whether a value (or "" for an absent label) satisfies the matcher. */
  readonly test: (value: string) => boolean;
  /** Whether series without the label satisfy the matcher. */
  readonly matchesEmpty: boolean;
}

interface Compiled {
  readonly set: ValueSet;
  readonly test: (value: string) => boolean;
}

// Monitors re-run the same few hundred selectors every minute; a bounded cache spares them the
// regex compilation. Cleared whole when full: simpler than LRU and just as good for that pattern.
const CACHE_LIMIT = 1024;
const cache = new Map<string, Compiled>();

/** Plans a matcher. Throws BadDataError for an invalid regex. */
export function planMatcher(m: Matcher): MatcherPlan {
  const key = `${m.type}\u0000${m.value}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = compile(m);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, c);
  }
  return {
    name: m.name,
    set: c.set,
    negated: m.type === '!=' || m.type === '!~',
    test: c.test,
    matchesEmpty: c.test(''),
  };
}

/** Compiles a matcher's value into a predicate with Prometheus semantics (fully anchored regex). Throws BadDataError for an invalid regex. */
export function compileMatcher(m: Matcher): (value: string) => boolean {
  return planMatcher(m).test;
}

function compile(m: Matcher): Compiled {
  const set: ValueSet =
    m.type === '=' || m.type === '!=' ? { kind: 'exact', value: m.value } : (literalForm(m.value) ?? regexSet(m.value));
  const inSet = predicate(set);
  const negated = m.type === '!=' || m.type === '!~';
  return { set, test: negated ? (v) => !inSet(v) : inSet };
}

function regexSet(pattern: string): ValueSet {
  return { kind: 'regex', re: compileRegex(pattern) };
}

/** A predicate for membership in a value set. */
export function predicate(set: ValueSet): (value: string) => boolean {
  switch (set.kind) {
    case 'any':
      return () => true;
    case 'nonEmpty':
      return (v) => v !== '';
    case 'exact': {
      const x = set.value;
      return (v) => v === x;
    }
    case 'set': {
      const s = set.values;
      return (v) => s.has(v);
    }
    case 'prefix': {
      const p = set.prefix;
      return (v) => v.startsWith(p);
    }
    case 'regex': {
      const re = set.re;
      return (v) => re.test(v);
    }
  }
}

const META = '\\.+*?()|[]{}^$';

/**
 * Recognises the regexes that need no regex engine: `.*`, `.+`, a literal, an alternation of
 * literals (optionally in one group) and a literal followed by `.*`. Returns null for any other.
 */
export function literalForm(pattern: string): ValueSet | null {
  let body = pattern;
  if (body.endsWith(')') && (body.startsWith('(?:') || (body.startsWith('(') && body[1] !== '?'))) {
    body = body.slice(body.startsWith('(?:') ? 3 : 1, -1);
  }
  if (body === '.*') return { kind: 'any' };
  if (body === '.+') return { kind: 'nonEmpty' };
  const branches: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const n = body[i + 1];
      // Go reads a backslash before any ASCII punctuation as that character.
      if (n === undefined || n.charCodeAt(0) >= 0x80 || /[0-9A-Za-z]/.test(n)) return null;
      cur += n;
      i++;
    } else if (c === '|') {
      branches.push(cur);
      cur = '';
    } else if (c === '.' && body[i + 1] === '*' && i + 2 === body.length && branches.length === 0) {
      return { kind: 'prefix', prefix: cur };
    } else if (META.includes(c)) {
      return null;
    } else {
      cur += c;
    }
  }
  branches.push(cur);
  if (branches.length === 1) return { kind: 'exact', value: cur };
  return { kind: 'set', values: new Set(branches) };
}
