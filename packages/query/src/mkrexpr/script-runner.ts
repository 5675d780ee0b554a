/*
 * Runs Mackerel-expression test scripts (testdata/*.txt), in the spirit of Prometheus's promql
 * test files. One command a line; `#` starts a comment; loads accumulate through the file.
 *
 *   load host <hostId> <metric> from <t0> step <s>: <v> <v> ...    points at t0, t0+s, ...; `_` = no point;
 *                                                                  loads of one metric merge
 *   load service <service> <metric> from <t0> step <s>: <v> ...
 *   load role <Service:role> <hostId> ...                          hosts currently in the role
 *   load roleSlots <Service:role> <hostId> ...                     hosts that are or were in it
 *   eval from <f> to <t> [step <s>]: <expression>
 *     [stacked] [{<source>}] <name> <v> <v> ...                    one indented line per expected series
 *   error: <expression> => <text>                                  parsing fails with a message containing text
 *   error from <f> to <t>: <expression> => <text>                  parsing or evaluation fails so
 *
 * Expected values are given at f, f+s, ... up to t (s defaults to 60); `_` means no point there,
 * and an actual point off that grid is a failure. An `eval` with no expected lines expects no series.
 * Series are compared sorted by source, then name; names with spaces are quoted ('a b' or "a b").
 * The source is a table in memory (ExprSource is an interface; the real one is the server's adapter).
 */
import { readFile } from 'node:fs/promises';
import { ExprError } from './errors.ts';
import { evaluateExpr } from './evaluator.ts';
import { parseNumber } from './literals.ts';
import { matchMetric } from './metric-pattern.ts';
import { parseExpr } from './parser.ts';
import type { ExprSource, Point, Series } from './types.ts';

/** One failed command of a script. */
export interface ScriptFailure {
  line: number;
  message: string;
}

/** An ExprSource over in-memory tables, filled by `load` commands. */
export class TableSource implements ExprSource {
  readonly hosts = new Map<string, Map<string, Point[]>>();
  readonly services = new Map<string, Map<string, Point[]>>();
  readonly roles = new Map<string, string[]>();
  readonly roleSlots = new Map<string, string[]>();

  async hostSeries(hostId: string, pattern: string, from: number, to: number): Promise<Series[]> {
    return pick(this.hosts, hostId, pattern, from, to);
  }
  async serviceSeries(service: string, pattern: string, from: number, to: number): Promise<Series[]> {
    return pick(this.services, service, pattern, from, to);
  }
  async roleSeries(role: string, pattern: string, from: number, to: number): Promise<Series[]> {
    return (this.roles.get(role) ?? []).flatMap((h) => pick(this.hosts, h, pattern, from, to));
  }
  async roleSlotSeries(role: string, pattern: string, from: number, to: number): Promise<Series[]> {
    const hosts = this.roleSlots.get(role) ?? this.roles.get(role) ?? [];
    return hosts.flatMap((h) => pick(this.hosts, h, pattern, from, to));
  }
}

function pick(table: Map<string, Map<string, Point[]>>, owner: string, pattern: string, from: number, to: number) {
  const out: Series[] = [];
  for (const [name, points] of table.get(owner) ?? []) {
    if (!matchMetric(pattern, name)) continue;
    out.push({ name, source: owner, points: points.filter((p) => p.time >= from && p.time <= to) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs one script's text and returns its failures (empty when every command passed). */
export async function runScript(text: string): Promise<ScriptFailure[]> {
  const source = new TableSource();
  const failures: ScriptFailure[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = i + 1;
    try {
      if (line.startsWith('load ')) load(source, line);
      else if (line.startsWith('error')) {
        const problem = await expectError(source, line);
        if (problem) failures.push({ line: at, message: problem });
      } else if (line.startsWith('eval ')) {
        const expected: string[] = [];
        while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1] as string) && !lines[i + 1]?.trim().startsWith('#')) {
          expected.push((lines[++i] as string).trim());
        }
        const problem = await expectSeries(source, line, expected);
        if (problem) failures.push({ line: at, message: problem });
      } else {
        throw new Error(`unknown command: ${line}`);
      }
    } catch (err) {
      failures.push({ line: at, message: `${line}\n  ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return failures;
}

/** Reads and runs one script file. */
export async function runScriptFile(path: string): Promise<ScriptFailure[]> {
  return runScript(await readFile(path, 'utf8'));
}

function load(source: TableSource, line: string): void {
  let m = /^load (host|service) (\S+) (\S+) from (-?\d+) step (\d+):(.*)$/.exec(line);
  if (m) {
    const [, kind, owner, metric, t0, step, values] = m as unknown as string[];
    const table = kind === 'host' ? source.hosts : source.services;
    const metrics = table.get(owner as string) ?? new Map<string, Point[]>();
    table.set(owner as string, metrics);
    const points: Point[] = [];
    (values as string)
      .trim()
      .split(/\s+/)
      .forEach((v, k) => {
        const value = parseValue(v);
        if (value !== undefined) points.push({ time: Number(t0) + k * Number(step), value });
      });
    // Loads of one metric merge, so a script can place data far apart (say a week back).
    const merged = [...(metrics.get(metric as string) ?? []), ...points].sort((a, b) => a.time - b.time);
    metrics.set(metric as string, merged);
    return;
  }
  m = /^load (role|roleSlots) (\S+)((?: \S+)*)$/.exec(line);
  if (m) {
    const hosts = (m[3] ?? '').trim().split(/\s+/).filter(Boolean);
    (m[1] === 'role' ? source.roles : source.roleSlots).set(m[2] as string, hosts);
    return;
  }
  throw new Error(`bad load command`);
}

function parseValue(v: string): number | undefined {
  if (v === '_') return undefined;
  const n = parseNumber(v);
  if (n === undefined) throw new Error(`bad value "${v}"`);
  return n;
}

const RANGE = /^(?:from (-?\d+) to (-?\d+)(?: step (\d+))?)?:\s*(.*)$/;

async function expectError(source: TableSource, line: string): Promise<string | undefined> {
  const m = RANGE.exec(line.slice('error'.length).trim());
  const sep = m?.[4]?.lastIndexOf('=>') ?? -1;
  if (!m || sep < 0) throw new Error('bad error command: want `error[ from F to T]: <expr> => <text>`');
  const expr = (m[4] as string).slice(0, sep).trim();
  const want = (m[4] as string).slice(sep + 2).trim();
  try {
    if (m[1] === undefined) parseExpr(expr);
    else await evaluateExpr(expr, { from: Number(m[1]), to: Number(m[2]), source });
  } catch (err) {
    if (!(err instanceof ExprError)) return `${line}\n  threw a non-ExprError: ${String(err)}`;
    return err.message.includes(want) ? undefined : `${line}\n  got error: ${err.message}`;
  }
  return `${line}\n  expected an error, got none`;
}

interface Expected {
  stacked: boolean;
  source: string;
  name: string;
  values: (number | undefined)[];
}

async function expectSeries(source: TableSource, line: string, lines: string[]): Promise<string | undefined> {
  const m = /^eval (from .*)$/.exec(line);
  const r = m ? RANGE.exec(m[1] as string) : null;
  if (!r || r[1] === undefined) throw new Error('bad eval command: want `eval from F to T [step S]: <expr>`');
  const from = Number(r[1]);
  const to = Number(r[2]);
  const step = Number(r[3] ?? 60);
  const grid: number[] = [];
  for (let t = from; t <= to; t += step) grid.push(t);
  const want = lines.map(parseExpected).sort(bySourceName);
  for (const w of want) {
    if (w.values.length !== grid.length)
      throw new Error(`${w.name}: ${w.values.length} values for ${grid.length} steps`);
  }
  const got = (await evaluateExpr(r[4] as string, { from, to, source })).sort(bySourceName);
  const render = (): string => got.map((s) => `    ${renderSeries(s, grid)}`).join('\n') || '    (no series)';
  const fail = (why: string): string => `${line}\n  ${why}\n  got:\n${render()}`;
  if (got.length !== want.length) return fail(`want ${want.length} series, got ${got.length}`);
  for (let k = 0; k < want.length; k++) {
    const w = want[k] as Expected;
    const g = got[k] as Series;
    if (w.name !== g.name || w.source !== g.source || w.stacked !== (g.stacked === true)) {
      return fail(`series ${k + 1}: want ${w.stacked ? 'stacked ' : ''}{${w.source}} ${w.name}`);
    }
    const byTime = new Map(g.points.map((p) => [p.time, p.value]));
    const offGrid = g.points.find((p) => !grid.includes(p.time));
    if (offGrid) return fail(`${g.name}: point at ${offGrid.time} is off the grid`);
    for (let j = 0; j < grid.length; j++) {
      if (!close(w.values[j], byTime.get(grid[j] as number))) return fail(`${g.name}: differs at time ${grid[j]}`);
    }
  }
  return undefined;
}

function parseExpected(line: string): Expected {
  const tokens = line.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  const stacked = tokens[0] === 'stacked';
  if (stacked) tokens.shift();
  let source = '';
  if (tokens[0]?.startsWith('{') && tokens[0].endsWith('}')) source = (tokens.shift() as string).slice(1, -1);
  const name = (tokens.shift() ?? '').replace(/^(['"])(.*)\1$/, '$2');
  return { stacked, source, name, values: tokens.map(parseValue) };
}

function renderSeries(s: Series, grid: number[]): string {
  const byTime = new Map(s.points.map((p) => [p.time, p.value]));
  const name = /\s/.test(s.name) ? `'${s.name}'` : s.name;
  const values = grid.map((t) => {
    const v = byTime.get(t);
    return v === undefined ? '_' : String(Number(v.toPrecision(12)));
  });
  return [s.stacked ? 'stacked' : '', s.source ? `{${s.source}}` : '', name, ...values].filter(Boolean).join(' ');
}

const bySourceName = (a: { source: string; name: string }, b: { source: string; name: string }): number =>
  a.source.localeCompare(b.source) || a.name.localeCompare(b.name);

function close(want: number | undefined, got: number | undefined): boolean {
  if (want === undefined || got === undefined) return want === got;
  return Math.abs(want - got) <= 1e-9 * Math.max(1, Math.abs(want), Math.abs(got));
}
