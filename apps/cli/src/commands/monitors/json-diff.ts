// The text of `monitors diff` as mkr prints it (gojsondiff's ASCII format): object keys sorted,
// each line marked ' ', '-' or '+', two spaces of indent per level, a comma after an entry when an
// entry of the old value follows it, empty arrays and objects opened and closed on two lines.
// And mkr's stringifyMonitor: a monitor indented by two spaces, every line prefixed, a comma after.
import { jsonEqual } from './monitor-rules.ts';

type Mark = ' ' | '-' | '+';

interface Out {
  readonly lines: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function emit(out: Out, mark: Mark, depth: number, text: string): void {
  out.lines.push(`${mark}${'  '.repeat(depth)}${text}`);
}

/** Writes `value` whole, every line with `mark`. */
function writeValue(out: Out, mark: Mark, depth: number, key: string, value: unknown, comma: boolean): void {
  const end = comma ? ',' : '';
  if (isObject(value)) {
    emit(out, mark, depth, `${key}{`);
    const keys = Object.keys(value).sort();
    keys.forEach((k, i) => {
      writeValue(out, mark, depth + 1, `${JSON.stringify(k)}: `, value[k], i < keys.length - 1);
    });
    emit(out, mark, depth, `}${end}`);
  } else if (Array.isArray(value)) {
    emit(out, mark, depth, `${key}[`);
    value.forEach((v, i) => {
      writeValue(out, mark, depth + 1, '', v, i < value.length - 1);
    });
    emit(out, mark, depth, `]${end}`);
  } else {
    emit(out, mark, depth, `${key}${JSON.stringify(value)}${end}`);
  }
}

/** One old value against one new: nested when both are objects or both arrays, else - then +. */
function writeChange(out: Out, depth: number, key: string, from: unknown, to: unknown, comma: boolean): void {
  if (jsonEqual(from, to)) {
    writeValue(out, ' ', depth, key, from, comma);
  } else if (isObject(from) && isObject(to)) {
    emit(out, ' ', depth, `${key}{`);
    writeObjectBody(out, depth + 1, from, to);
    emit(out, ' ', depth, `}${comma ? ',' : ''}`);
  } else if (Array.isArray(from) && Array.isArray(to)) {
    emit(out, ' ', depth, `${key}[`);
    writeArrayBody(out, depth + 1, from, to);
    emit(out, ' ', depth, `]${comma ? ',' : ''}`);
  } else {
    writeValue(out, '-', depth, key, from, comma);
    writeValue(out, '+', depth, key, to, comma);
  }
}

function writeObjectBody(out: Out, depth: number, from: Record<string, unknown>, to: Record<string, unknown>): void {
  const keys = Object.keys(from).sort();
  keys.forEach((k, i) => {
    const key = `${JSON.stringify(k)}: `;
    const comma = i < keys.length - 1;
    if (k in to) writeChange(out, depth, key, from[k], to[k], comma);
    else writeValue(out, '-', depth, key, from[k], comma);
  });
  // Added keys come after every old one, so no comma follows them (gojsondiff's output).
  for (const k of Object.keys(to).sort()) {
    if (!(k in from)) writeValue(out, '+', depth, `${JSON.stringify(k)}: `, to[k], false);
  }
}

/** The longest common subsequence of equal items, as index pairs in order. */
function commonItems(a: readonly unknown[], b: readonly unknown[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = len[i] as number[];
      const next = len[i + 1] as number[];
      row[j] = jsonEqual(a[i], b[j]) ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (jsonEqual(a[i], b[j])) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (((len[i + 1] as number[])[j] as number) >= ((len[i] as number[])[j + 1] as number)) i++;
    else j++;
  }
  return pairs;
}

function writeArrayBody(out: Out, depth: number, from: readonly unknown[], to: readonly unknown[]): void {
  // A comma follows a line when an old item is still to come.
  const comma = (oldIndex: number) => oldIndex < from.length - 1;
  const beforeOld = (oldIndex: number) => oldIndex < from.length;
  let i = 0;
  let j = 0;
  for (const [ci, cj] of [...commonItems(from, to), [from.length, to.length] as [number, number]]) {
    // The gap before the next common item: pair old and new items in order, then the rest.
    while (i < ci && j < cj) {
      writeChange(out, depth, '', from[i], to[j], comma(i));
      i++;
      j++;
    }
    while (i < ci) {
      writeValue(out, '-', depth, '', from[i], comma(i));
      i++;
    }
    while (j < cj) {
      writeValue(out, '+', depth, '', to[j], beforeOld(i));
      j++;
    }
    if (ci < from.length) {
      writeValue(out, ' ', depth, '', from[ci], comma(ci));
      i = ci + 1;
      j = cj + 1;
    }
  }
}

/** mkr's diff of two monitors: '' when equal, else the marked lines ending in `},`. */
export function diffRules(from: Record<string, unknown>, to: Record<string, unknown>): string {
  if (jsonEqual(from, to)) return '';
  const out: Out = { lines: [] };
  emit(out, ' ', 0, '{');
  writeObjectBody(out, 1, from, to);
  emit(out, ' ', 0, '},');
  return out.lines.join('\n');
}

/** mkr's stringifyMonitor: `m` indented by two spaces, each line starting with `prefix`, then a comma. */
export function stringifyRule(m: unknown, prefix: string): string {
  const text = JSON.stringify(m, null, 2)
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
  return `${prefix}${text.split('\n').join(`\n${prefix}`)},`;
}
