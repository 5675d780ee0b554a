// Monitor rules as mkr keeps them in monitors.json: each monitor in mackerel-client-go's field
// order with Go's omitempty applied (what mkr writes after decoding into the client's structs),
// and the comparison mkr's diff and push make, with the fields the API fills in normalised away
// so that a fresh pull diffs clean and a pushed file diffs clean against what the server stored.
import { CliError } from '../../cli-error.ts';

/** One monitor as JSON. */
export type Rule = Record<string, unknown>;

/**
 * How Go marshals a field: `omit` (omitempty: '', false, 0, [] and null are left out),
 * `ptr` (a pointer with omitempty: only null is left out), `always` (no omitempty: null is written).
 */
type FieldKind = 'omit' | 'ptr' | 'always';

const COMMON: readonly (readonly [string, FieldKind])[] = [
  ['id', 'omit'],
  ['name', 'omit'],
  ['memo', 'omit'],
  ['type', 'omit'],
  ['isMute', 'omit'],
  ['notificationInterval', 'omit'],
];
const THRESHOLDS: readonly (readonly [string, FieldKind])[] = [
  ['operator', 'omit'],
  ['warning', 'always'],
  ['critical', 'always'],
];

/** Each type's fields after the common ones, in mackerel-client-go's struct order. */
const FIELDS: Readonly<Record<string, readonly (readonly [string, FieldKind])[]>> = {
  connectivity: [
    ['alertStatusOnGone', 'omit'],
    ['scopes', 'omit'],
    ['excludeScopes', 'omit'],
  ],
  host: [
    ['metric', 'omit'],
    ...THRESHOLDS,
    ['duration', 'omit'],
    ['maxCheckAttempts', 'omit'],
    ['scopes', 'omit'],
    ['excludeScopes', 'omit'],
  ],
  service: [
    ['service', 'omit'],
    ['metric', 'omit'],
    ...THRESHOLDS,
    ['duration', 'omit'],
    ['maxCheckAttempts', 'omit'],
    ['missingDurationWarning', 'omit'],
    ['missingDurationCritical', 'omit'],
  ],
  external: [
    ['method', 'omit'],
    ['url', 'omit'],
    ['maxCheckAttempts', 'omit'],
    ['service', 'omit'],
    ['responseTimeCritical', 'ptr'],
    ['responseTimeWarning', 'ptr'],
    ['responseTimeDuration', 'ptr'],
    ['requestBody', 'omit'],
    ['containsString', 'omit'],
    ['certificationExpirationCritical', 'ptr'],
    ['certificationExpirationWarning', 'ptr'],
    ['skipCertificateVerification', 'omit'],
    ['followRedirect', 'omit'],
    ['expectedStatusCode', 'ptr'],
    ['dualstack', 'omit'],
    ['headers', 'always'],
  ],
  expression: [['expression', 'omit'], ...THRESHOLDS, ['evaluateBackwardMinutes', 'ptr']],
  anomalyDetection: [
    ['warningSensitivity', 'omit'],
    ['criticalSensitivity', 'omit'],
    ['trainingPeriodFrom', 'omit'],
    ['maxCheckAttempts', 'omit'],
    ['scopes', 'omit'],
  ],
  query: [['query', 'omit'], ...THRESHOLDS, ['legend', 'omit'], ['evaluateBackwardMinutes', 'ptr']],
};

/** The monitor types a rules file may hold (check monitors are made by agents, not by the API). */
export const RULE_TYPES: readonly string[] = Object.keys(FIELDS);

/** What the API fills in for an omitted field, per type: omitting it and giving it mean the same. */
const DEFAULTS: Readonly<Record<string, Rule>> = {
  connectivity: { alertStatusOnGone: 'CRITICAL' },
  host: { maxCheckAttempts: 1 },
  service: { maxCheckAttempts: 1 },
  external: { method: 'GET', maxCheckAttempts: 1 },
  expression: { evaluateBackwardMinutes: 2 },
  anomalyDetection: { maxCheckAttempts: 3 },
  query: { evaluateBackwardMinutes: 0 },
};

/** The fields each type cannot do without, as mkr checks them before diffing or pushing. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  connectivity: [],
  host: ['name', 'metric'],
  service: ['name', 'metric'],
  external: ['name', 'url'],
  expression: ['name', 'expression'],
  anomalyDetection: ['name', 'scopes'],
  query: ['name', 'query'],
};

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0);
}

/** `m` as mkr writes it: client-go's field order and omitempty; fields the client does not know follow, as given. */
export function toRule(m: Rule): Rule {
  const fields = [...COMMON, ...(FIELDS[String(m.type)] ?? [])];
  const out: Rule = {};
  for (const [name, kind] of fields) {
    const v = m[name];
    if (kind === 'always') out[name] = v ?? null;
    else if (kind === 'ptr' ? v !== undefined && v !== null : !isEmpty(v)) out[name] = v;
  }
  for (const [name, v] of Object.entries(m)) {
    if (!(name in out) && !fields.some(([f]) => f === name) && v !== null) out[name] = v;
  }
  return out;
}

/**
 * `m` reduced to what decides its behaviour, for comparison: no id, no empty values, no value equal
 * to what the API fills in when the field is omitted.
 */
export function comparable(m: Rule): Rule {
  const defaults = DEFAULTS[String(m.type)] ?? {};
  const out: Rule = {};
  for (const [name, v] of Object.entries(m)) {
    if (name === 'id' || v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (name === 'notificationInterval' && v === 0) continue;
    if (name in defaults && defaults[name] === v) continue;
    out[name] = v;
  }
  return out;
}

/** Whether two JSON values are equal (object key order aside). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ob = b as Rule;
  return ka.length === kb.length && ka.every((k) => k in ob && jsonEqual((a as Rule)[k], ob[k]));
}

/** A remote monitor and the local rule that matches it. */
export interface RulePair {
  readonly remote: Rule;
  readonly local: Rule;
}

/** What pushing the local rules would do: update, create, delete. */
export interface SyncPlan {
  /** Matched pairs that differ, in the remote order. */
  readonly modify: readonly RulePair[];
  /** Local rules no remote monitor matches, in the file's order. */
  readonly append: readonly Rule[];
  /** Remote monitors no local rule matches, in the remote order. */
  readonly remove: readonly Rule[];
}

function label(m: Rule, i: number): string {
  return typeof m.name === 'string' && m.name !== '' ? `monitors[${i}] ("${m.name}")` : `monitors[${i}]`;
}

/** Checks the local rules as mkr does (a known type, each type's required fields) and that ids are unique. */
export function validateRules(local: readonly Rule[]): void {
  const ids = new Map<string, number>();
  local.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new CliError(`monitors[${i}] is not an object`);
    const type = m.type;
    if (typeof type !== 'string' || type === '') throw new CliError(`${label(m, i)} should have "type"`);
    const required = REQUIRED[type];
    if (required === undefined) {
      throw new CliError(`${label(m, i)} has an unknown type "${type}" (one of ${RULE_TYPES.join(', ')})`);
    }
    for (const f of required) {
      if (isEmpty(m[f])) throw new CliError(`${label(m, i)} should have "${f}"`);
    }
    if (m.id !== undefined && m.id !== null && m.id !== '') {
      const id = String(m.id);
      const seen = ids.get(id);
      if (seen !== undefined) throw new CliError(`monitors[${seen}] and monitors[${i}] have the same id "${id}"`);
      ids.set(id, i);
    }
  });
}

function idOf(m: Rule): string {
  return m.id === undefined || m.id === null ? '' : String(m.id);
}

/**
 * Matches local rules to remote monitors: by id, then (for a rule without id) by name, which must
 * be given, unique in the file and shared by at most one remote monitor not matched by id.
 * A local id the server does not know makes a new monitor, as mkr does.
 */
export function planSync(remote: readonly Rule[], local: readonly Rule[]): SyncPlan {
  validateRules(local);
  const localByName = new Map<string, number>();
  local.forEach((m, i) => {
    const name = typeof m.name === 'string' ? m.name : '';
    if (idOf(m) !== '') return;
    if (name === '')
      throw new CliError(`${label(m, i)} has neither "id" nor "name": nothing tells which monitor it is`);
    const other = local.findIndex((o, j) => j !== i && o.name === name);
    if (other !== -1) {
      throw new CliError(
        `${label(m, i)} has no "id" and its name is not unique (monitors[${other}] has it too): give it an id or another name`,
      );
    }
    localByName.set(name, i);
  });
  const match = new Map<number, number>(); // remote index -> local index
  const remoteIndexById = new Map(remote.map((r, i) => [idOf(r), i]));
  local.forEach((m, i) => {
    const r = remoteIndexById.get(idOf(m));
    if (idOf(m) !== '' && r !== undefined) match.set(r, i);
  });
  for (const [name, i] of localByName) {
    const candidates = remote.map((r, ri) => ({ r, ri })).filter(({ r, ri }) => r.name === name && !match.has(ri));
    if (candidates.length > 1) {
      throw new CliError(
        `${label(local[i] as Rule, i)} has no "id" and ${candidates.length} remote monitors are named "${name}": give it the id of one`,
      );
    }
    const c = candidates[0];
    if (c !== undefined) match.set(c.ri, i);
  }
  const matchedLocal = new Set(match.values());
  const modify: RulePair[] = [];
  const remove: Rule[] = [];
  remote.forEach((r, ri) => {
    const li = match.get(ri);
    if (li === undefined) remove.push(r);
    else {
      const l = local[li] as Rule;
      if (!jsonEqual(comparable(r), comparable(l))) modify.push({ remote: r, local: l });
    }
  });
  return { modify, append: local.filter((_, i) => !matchedLocal.has(i)), remove };
}

/** The monitors of a monitors.json text (`{"monitors": [...]}`, a UTF-8 byte order mark allowed). */
export function parseRulesFile(text: string, file: string): Rule[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`);
  }
  const monitors = (data as { monitors?: unknown } | null)?.monitors;
  if (typeof data !== 'object' || data === null || !Array.isArray(monitors)) {
    throw new CliError(`${file}: expected {"monitors": [...]}`);
  }
  return monitors as Rule[];
}
