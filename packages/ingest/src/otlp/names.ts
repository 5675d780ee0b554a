// OTLP names and values as Prometheus 3.x writes them under its default translation strategy,
// UnderscoreEscapingWithSuffixes (the otlptranslator rules): metric names get unit and type
// suffixes, names and label names are escaped to the classic character sets, and attribute
// values of every type become strings the way the Collector's pcommon AsString formats them.
import type { AnyValue, KeyValue } from './request.ts';

/** How a metric is typed for naming: only monotonic sums get `_total`, only gauges `_ratio`. */
export type NameKind =
  | 'gauge'
  | 'counter'
  | 'non_monotonic_counter'
  | 'histogram'
  | 'exponential_histogram'
  | 'summary';

/** OTLP (UCUM) units and the words Prometheus names them with. */
const UNITS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

/** The denominators of "per" units (`By/s` -> `bytes_per_second`). */
const PER_UNITS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const NOT_METRIC_CHARS = /[^a-zA-Z0-9:]+/;

/**
 * The Prometheus name of an OTLP metric: `http.server.request.duration` in `s` (a histogram) is
 * `http_server_request_duration_seconds`; a monotonic sum gets `_total`, a gauge of unit `1`
 * gets `_ratio`. Empty when nothing of the name survives escaping (the metric is refused).
 */
export function metricName(name: string, unit: string, kind: NameKind): string {
  let tokens = name.split(NOT_METRIC_CHARS).filter((t) => t !== '');
  const [main, per] = unitSuffixes(unit);
  tokens = addUnitTokens(tokens, cleanUnit(main), cleanUnit(per));
  if (kind === 'counter') tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && kind === 'gauge') tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  let out = tokens.join('_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return /^_*$/.test(out) ? '' : out;
}

/** The main and "per" parts of a unit, mapped to words; annotations in braces (`{request}`) name nothing. */
function unitSuffixes(unit: string): [string, string] {
  const slash = unit.indexOf('/');
  const mainOtel = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  let main = '';
  if (mainOtel !== '' && !/[{}]/.test(mainOtel)) main = UNITS[mainOtel] ?? mainOtel;
  let per = '';
  if (slash >= 0) {
    const perOtel = unit.slice(slash + 1).trim();
    if (perOtel !== '' && !/[{}]/.test(perOtel)) per = PER_UNITS[perOtel] ?? perOtel;
    if (per !== '') per = `per_${per}`;
  }
  return [main, per];
}

/** A unit word with characters outside `[a-zA-Z0-9:]` as `_`, runs of `_` as one, no leading `_`. */
function cleanUnit(unit: string): string {
  return unit
    .replace(/[^a-zA-Z0-9:]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_/, '');
}

/** Appends the unit words unless the name already holds them as tokens. */
function addUnitTokens(tokens: string[], main: string, per: string): string[] {
  let m = tokens.includes(main) ? '' : main;
  let p = per === 'per_' ? '' : per.replace(/_$/, '');
  if (tokens.includes(p)) p = '';
  if (p !== '') m = m.replace(/_$/, '');
  const out = [...tokens];
  if (m !== '') out.push(m);
  if (p !== '') out.push(p);
  return out;
}

/**
 * The Prometheus label name of an attribute key: characters outside `[a-zA-Z0-9]` (and runs of
 * them) become one `_`, a leading digit gets `key_`, and `__x__` keeps its reserved form.
 * Empty when nothing but underscores would remain (the data point is refused).
 */
export function labelName(key: string): string {
  const reserved = key.length >= 4 && key.startsWith('__') && key.endsWith('__');
  const inner = reserved ? key.slice(2, -2) : key;
  let out = '';
  let underscore = false;
  for (const ch of inner) {
    if (/^[a-zA-Z0-9]$/.test(ch)) {
      out += ch;
      underscore = false;
    } else if (!underscore) {
      out += '_';
      underscore = true;
    }
  }
  if (reserved) out = `__${out}__`;
  if (out === '') return '';
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  return /^_*$/.test(out) ? '' : out;
}

/**
 * An attribute value as a label value: strings as they are, bools `true`/`false`, ints in
 * decimal, doubles as JavaScript (and Go's encoding/json) print them, bytes in base64, arrays and
 * key-value lists as JSON with sorted keys. Empty values make no label.
 */
export function attributeValue(v: AnyValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') {
    // What the Collector's AsString gives (and so what Prometheus stores) for values JSON cannot hold.
    return Number.isFinite(v) ? String(v) : `json: unsupported value: ${v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN'}`;
  }
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return goJson(v) ?? '';
}

/** JSON as Go's encoding/json writes it (HTML characters escaped, map keys sorted); undefined for NaN or ±Inf, which it refuses. */
function goJson(v: AnyValue): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (v instanceof Uint8Array) return goString(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'));
  if (Array.isArray(v)) {
    const parts: string[] = [];
    for (const e of v as readonly AnyValue[]) {
      const s = goJson(e);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    return `[${parts.join(',')}]`;
  }
  const map = new Map<string, AnyValue>();
  for (const kv of (v as { kvlist: readonly KeyValue[] }).kvlist) map.set(kv.key, kv.value);
  const parts: string[] = [];
  for (const key of [...map.keys()].sort(compareUtf8)) {
    const s = goJson(map.get(key) as AnyValue);
    if (s === undefined) return undefined;
    parts.push(`${goString(key)}:${s}`);
  }
  return `{${parts.join(',')}}`;
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go sorts map keys by their UTF-8 bytes; JavaScript's default order is by UTF-16 units. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * A float as Go's strconv.FormatFloat(x, 'f', -1, 64) writes it, which Prometheus uses for the
 * `le` and `quantile` labels: the shortest digits that read back exactly, never an exponent.
 */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Object.is(x, -0)) return '-0';
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const intLen = (dot < 0 ? mantissa.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = `0.${'0'.repeat(-intLen)}${digits}`;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return neg ? `-${out}` : out;
}
