/*
 * Reads Prometheus's PromQL test scripts (promql/promqltest/testdata/*.test; the language is in
 * that folder's README) into commands with their line numbers. Lines are trimmed; `#` starts a
 * comment line; a command's block ends at the first empty line.
 *
 *   load <interval>  |  load_with_nhcb <interval>      then series lines: metric{labels} <values>
 *                                                      (and Prometheus 3's `metric@st <offsets>` lines)
 *   clear
 *   eval instant at <time> <expr>                      eval_fail / eval_warn / eval_info / eval_ordered
 *   eval range from <t> to <t> step <d> <expr>         eval_fail / eval_warn / eval_info
 *     expect fail|warn|info [msg: <text> | regex: <re>]   expect no_warn | no_info | ordered
 *     expect string "<value>"                          expect range vector from <t> to <t> step <d>
 *     expected_fail_message <text>  |  expected_fail_regexp <re>      (older files)
 *     <number>                                         a scalar result
 *     {labels} <values>                                a series of the result (one value for an instant)
 *
 * Times and durations are Prometheus durations (`0`, `90s`, `1h30m`, `5ms`) from the epoch.
 */
import { compareLabels, type Labels, type UnixMs, unixMs } from '@saba/model';
import {
  expandValues,
  NotationError,
  parseScriptNumber,
  parseSeriesDesc,
  readQuoted,
  type SequenceValue,
} from './series-notation.ts';

/** A script that does not follow the language; the message starts with `file:line:`. */
export class ScriptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** One series of a load command. */
export interface LoadSeries {
  readonly line: number;
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
  /** A Prometheus 3 start-timestamp line for this series, kept as text: Saba does not store start timestamps. */
  readonly startTimestamps?: string;
}

/** `load`: series sampled every `intervalMs` from time 0; additive to earlier loads. */
export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  readonly intervalMs: number;
  /** `load_with_nhcb`: Prometheus also stores classic histograms as native ones (not done here). */
  readonly withNhcb: boolean;
  readonly series: readonly LoadSeries[];
}

/** `clear`: forget everything loaded so far. */
export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

/** How an expected message is matched: any message, exactly, or by a regular expression (found anywhere). */
export type MessageMatch =
  | { readonly type: 'any' }
  | { readonly type: 'msg'; readonly text: string }
  | { readonly type: 'regex'; readonly pattern: RegExp };

/** One expected series of a result; `pos` is its 1-based place among the result lines (for ordered results). */
export interface ExpectedSeries {
  readonly line: number;
  readonly pos: number;
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
}

/** What kind of query an eval runs. */
export type EvalQuery =
  | { readonly type: 'instant'; readonly at: UnixMs }
  | { readonly type: 'range'; readonly start: UnixMs; readonly end: UnixMs; readonly stepMs: number };

/** `eval`: a query and what it must answer. */
export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly expr: string;
  readonly query: EvalQuery;
  /** Set when the query must fail; the error's message must match. */
  readonly fail: MessageMatch | null;
  /** `eval_warn` / `eval_info` of older files: at least one such annotation, any message. */
  readonly anyWarn: boolean;
  readonly anyInfo: boolean;
  /** `expect warn` / `expect info` lines: each must match an annotation, and every annotation one of them. */
  readonly warn: readonly MessageMatch[];
  readonly info: readonly MessageMatch[];
  readonly noWarn: boolean;
  readonly noInfo: boolean;
  readonly ordered: boolean;
  /** `expect string`: the string result. */
  readonly expectedString: string | null;
  /** `expect range vector`: an instant query answers a matrix over this grid (evaluated at its end). */
  readonly rangeVector: { readonly start: UnixMs; readonly end: UnixMs; readonly stepMs: number } | null;
  /** A scalar result, when the block gives a bare number. */
  readonly expectedScalar: number | null;
  readonly expected: readonly ExpectedSeries[];
  /** The block's result lines as written, for reports. */
  readonly expectedText: readonly string[];
}

/** One command of a script. */
export type Command = LoadCommand | ClearCommand | EvalCommand;

/** A parsed script. */
export interface Script {
  readonly file: string;
  readonly commands: readonly Command[];
}

const INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const RANGE_VECTOR = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DURATION_UNITS_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** Parses a Prometheus duration (`0`, `5m`, `1h30m`, `250ms`) into milliseconds; null if it is not one. */
export function parseDurationMs(text: string): number | null {
  if (text === '0') return 0;
  const m = DURATION.exec(text);
  if (!m || text === '') return null;
  let ms = 0;
  for (let k = 0; k < DURATION_UNITS_MS.length; k++) {
    const n = m[k + 1];
    if (n !== undefined) ms += Number(n) * (DURATION_UNITS_MS[k] as number);
  }
  return ms;
}

/** Parses a script's text; `file` names it in errors. */
export function parseScript(text: string, file: string): Script {
  const lines = text.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const commands: Command[] = [];
  const fail = (i: number, detail: string): never => {
    throw new ScriptError(file, i + 1, detail);
  };
  const at = (i: number, text: string, what: string): number => {
    const ms = parseDurationMs(text);
    return ms === null ? fail(i, `invalid ${what} ${JSON.stringify(text)}`) : ms;
  };
  // The lines of a command's block: from `i + 1` up to the first empty line.
  const block = (i: number): number[] => {
    const out: number[] = [];
    for (let k = i + 1; k < lines.length && lines[k] !== ''; k++) out.push(k);
    return out;
  };
  const notation = <T>(i: number, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof NotationError) return fail(i, err.message);
      throw err;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l === '') continue;
    const word = (l.split(/[\t ]+/, 1)[0] as string).toLowerCase();
    if (word === 'clear') {
      commands.push({ kind: 'clear', line: i + 1 });
    } else if (word.startsWith('load')) {
      const m = LOAD.exec(l) ?? fail(i, 'invalid load command: load[_with_nhcb] <interval>');
      const intervalMs = at(i, m[2] as string, 'load interval');
      const body = block(i);
      commands.push({
        kind: 'load',
        line: i + 1,
        intervalMs,
        withNhcb: m[1] === 'with_nhcb',
        series: parseLoadBody(body),
      });
      i = body.length > 0 ? (body[body.length - 1] as number) : i;
    } else if (word.startsWith('eval')) {
      const { cmd, last } = parseEval(i);
      commands.push(cmd);
      i = last;
    } else {
      fail(i, `invalid command ${JSON.stringify(l)}`);
    }
  }
  return { file, commands };

  function parseLoadBody(body: readonly number[]): LoadSeries[] {
    const out: LoadSeries[] = [];
    let pendingSt: { line: number; labels: Labels; text: string } | null = null;
    for (const k of body) {
      const l = lines[k] as string;
      // A bare `@st <offsets>` line sets default start timestamps; Saba does not store them.
      if (l.startsWith('@st')) continue;
      const { labels, rest } = notation(k, () => parseSeriesDesc(l));
      if (rest.startsWith('@st')) {
        if (pendingSt) fail(pendingSt.line, '@st line has no following sample line');
        pendingSt = { line: k, labels, text: rest.slice(3).trim() };
        continue;
      }
      const values = notation(k, () => expandValues(rest));
      // A series named twice in one load keeps the later line, as in Prometheus.
      const same = out.findIndex((s) => sameLabels(s.labels, labels));
      if (same >= 0) out.splice(same, 1);
      if (pendingSt && !sameLabels(pendingSt.labels, labels))
        fail(pendingSt.line, '@st metric does not match the next line');
      out.push(
        pendingSt ? { line: k + 1, labels, values, startTimestamps: pendingSt.text } : { line: k + 1, labels, values },
      );
      pendingSt = null;
    }
    if (pendingSt) fail(pendingSt.line, '@st line has no following sample line');
    return out;
  }

  function parseEval(i: number): { cmd: EvalCommand; last: number } {
    const l = lines[i] as string;
    const inst = INSTANT.exec(l);
    const rng = inst ? null : RANGE.exec(l);
    if (!inst && !rng)
      fail(
        i,
        'invalid eval: eval[_fail|_warn|_info|_ordered] instant at <time> <expr> or eval range from <t> to <t> step <d> <expr>',
      );
    const mod = (inst ? inst[1] : rng?.[1]) ?? '';
    const expr = (inst ? inst[3] : rng?.[5]) as string;
    let query: EvalQuery;
    if (inst) {
      query = { type: 'instant', at: unixMs(at(i, inst[2] ?? '', 'time')) };
    } else {
      const r = rng as RegExpExecArray;
      const start = at(i, r[2] as string, 'start');
      const end = at(i, r[3] as string, 'end');
      if (end < start) fail(i, `end ${r[3]} is before start ${r[2]}`);
      query = { type: 'range', start: unixMs(start), end: unixMs(end), stepMs: at(i, r[4] as string, 'step') };
    }
    let failMatch: MessageMatch | null = mod === 'fail' ? { type: 'any' } : null;
    let failLines = 0;
    const warn: MessageMatch[] = [];
    const info: MessageMatch[] = [];
    let noWarn = false;
    let noInfo = false;
    let ordered = mod === 'ordered';
    let expectedString: string | null = null;
    let rangeVector: EvalCommand['rangeVector'] = null;
    let expectedScalar: number | null = null;
    const expected: ExpectedSeries[] = [];
    const expectedText: string[] = [];
    let last = i;
    for (const k of block(i)) {
      last = k;
      const d = lines[k] as string;
      if (mod === 'fail' && d.startsWith('expected_fail_message')) {
        failMatch = { type: 'msg', text: d.slice('expected_fail_message'.length).trim() };
        break;
      }
      if (mod === 'fail' && d.startsWith('expected_fail_regexp')) {
        failMatch = { type: 'regex', pattern: regex(k, d.slice('expected_fail_regexp'.length).trim()) };
        break;
      }
      if (d.startsWith('expect range vector')) {
        const m = RANGE_VECTOR.exec(d) ?? fail(k, `invalid range vector definition ${JSON.stringify(d)}`);
        const start = at(k, m[1] as string, 'start');
        const end = at(k, m[2] as string, 'end');
        if (end < start) fail(k, 'range vector end is before its start');
        rangeVector = { start: unixMs(start), end: unixMs(end), stepMs: at(k, m[3] as string, 'step') };
        continue;
      }
      if (d.startsWith('expect string')) {
        const lit = d.slice('expect string'.length).trim();
        const q = notation(k, () => readQuoted(lit, 0));
        if (q.end !== lit.length) fail(k, 'expect string needs one quoted string literal');
        expectedString = q.value;
        continue;
      }
      if (d.split(' ', 1)[0] === 'expect') {
        const m = EXPECT.exec(d) ?? fail(k, 'invalid expect line: expect <type> [msg|regex: <text>]');
        const match: MessageMatch =
          m[2] === 'msg'
            ? { type: 'msg', text: (m[3] as string).trim() }
            : m[2] === 'regex'
              ? { type: 'regex', pattern: regex(k, (m[3] as string).trim()) }
              : { type: 'any' };
        if (m[1] === 'fail') {
          if (++failLines > 1) fail(k, 'only one expect fail line is allowed');
          failMatch = match;
        } else if (m[1] === 'warn') warn.push(match);
        else if (m[1] === 'info') info.push(match);
        else if (m[1] === 'no_warn') noWarn = true;
        else if (m[1] === 'no_info') noInfo = true;
        else ordered = true;
        if ((warn.length > 0 && noWarn) || (info.length > 0 && noInfo))
          fail(k, 'warn and no_warn (or info and no_info) cannot be used together');
        continue;
      }
      const n = parseScriptNumber(d);
      if (n !== null) {
        expectedScalar = n;
        expectedText.push(d);
        break;
      }
      const series = notation(k, () => {
        const { labels, rest } = parseSeriesDesc(d);
        return { labels, values: expandValues(rest) };
      });
      if (series.values.length > 1 && query.type === 'instant' && rangeVector === null) {
        fail(k, 'an instant eval expects one value per series (or an `expect range vector` line)');
      }
      const dup = expected.findIndex((e) => sameLabels(e.labels, series.labels));
      if (dup >= 0) expected.splice(dup, 1);
      expected.push({ line: k + 1, pos: expectedText.length + 1, ...series });
      expectedText.push(d);
    }
    const base = {
      kind: 'eval',
      line: i + 1,
      expr,
      query,
      fail: failMatch,
      warn,
      info,
      noWarn,
      noInfo,
      ordered,
    } as const;
    const cmd: EvalCommand = {
      ...base,
      anyWarn: mod === 'warn',
      anyInfo: mod === 'info',
      expectedString,
      rangeVector,
      expectedScalar,
      expected,
      expectedText,
    };
    return { cmd, last };
  }

  function regex(k: number, source: string): RegExp {
    try {
      return new RegExp(source);
    } catch {
      return fail(k, `invalid regular expression ${JSON.stringify(source)}`);
    }
  }
}

function sameLabels(a: Labels, b: Labels): boolean {
  return compareLabels(a, b) === 0;
}
