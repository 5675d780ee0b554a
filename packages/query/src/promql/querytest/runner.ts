/*
 * Runs Prometheus's PromQL test scripts against a PromqlEngine: loads each script's data into a
 * storage the caller gives (one organization per file and per `clear`, so files never see each
 * other's series), runs every eval that is not skipped, and reports per file what passed, failed
 * and was skipped, with each failure's file:line, expression, expected lines and answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OrgId, orgId } from '@saba/model';
import type { Storage } from '@saba/storage';
import type { PromqlEngine } from './engine.ts';
import { runEvalCase } from './eval-case.ts';
import { loadInto } from './load.ts';
import { parseScript, type Script } from './script.ts';
import { readEvalIndex, type SkipCase, skipMap, skipsFromIndex } from './skip-list.ts';

/** The copy of Prometheus's test files in the repository, with their notice (promql/testdata/prometheus/NOTICE.md). */
export const DEFAULT_TESTDATA_DIR = fileURLToPath(new URL('../testdata/prometheus/', import.meta.url));

/** The older files' folder inside the testdata folder (Prometheus 2.42.0, the Debian package's version). */
export const V2_42_FOLDER = 'v2.42.0';

/** The verdict on one eval of a file. */
export interface CaseResult {
  readonly file: string;
  readonly line: number;
  readonly expr: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  readonly reason?: string;
  readonly expected?: readonly string[];
  readonly got?: readonly string[];
}

/** What one file gave. */
export interface FileReport {
  readonly file: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cases: readonly CaseResult[];
}

/** How runScript runs. */
export interface ScriptOptions {
  readonly storage: Storage;
  /** Skipped evals by `file:line`, with reasons. */
  readonly skips?: ReadonlyMap<string, string>;
  /** Rerun instant queries as range queries around t, as Prometheus does (default true). */
  readonly rangeModeCheck?: boolean;
  /** Prefix of the organizations the file's data goes to (default `promqltest`). */
  readonly orgPrefix?: string;
}

/** Runs one parsed script. */
export async function runScript(script: Script, engine: PromqlEngine, options: ScriptOptions): Promise<FileReport> {
  const prefix = options.orgPrefix ?? 'promqltest';
  let segment = 0;
  let org: OrgId = orgId(`${prefix}:${script.file}:${segment}`);
  const cases: CaseResult[] = [];
  for (const cmd of script.commands) {
    if (cmd.kind === 'clear') {
      segment++;
      org = orgId(`${prefix}:${script.file}:${segment}`);
    } else if (cmd.kind === 'load') {
      try {
        await loadInto(options.storage, org, cmd);
      } catch (err) {
        throw new Error(
          `${script.file}:${cmd.line}: load failed: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
    } else {
      const base = { file: script.file, line: cmd.line, expr: cmd.expr };
      const skip = options.skips?.get(`${script.file}:${cmd.line}`);
      if (skip !== undefined) {
        cases.push({ ...base, status: 'skipped', reason: skip });
        continue;
      }
      const out = await runEvalCase(cmd, engine, options.storage, org, {
        rangeModeCheck: options.rangeModeCheck ?? true,
      });
      cases.push(
        out.status === 'passed'
          ? { ...base, status: 'passed' }
          : { ...base, status: 'failed', reason: out.reason, expected: cmd.expectedText, got: out.got },
      );
    }
  }
  const count = (s: CaseResult['status']) => cases.filter((c) => c.status === s).length;
  return { file: script.file, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), cases };
}

/** How runTestdata runs. */
export interface TestdataOptions {
  /** Where the scripts are loaded; the caller opens and closes it (packages/query/src/testing has a tsdb for it). */
  readonly storage: Storage;
  /** The testdata folder (default DEFAULT_TESTDATA_DIR). */
  readonly dir?: string;
  /** Also run the Prometheus 2.42.0 files of `v2.42.0/` (default false). */
  readonly includeV2_42?: boolean;
  /** Only files whose relative path contains one of these (default all). */
  readonly only?: readonly string[];
  /** Skips besides the default ones derived from EVAL_INDEX.tsv. */
  readonly extraSkips?: readonly SkipCase[];
  readonly rangeModeCheck?: boolean;
  /** Where the table goes (default console.log); null prints nothing. */
  readonly print?: ((text: string) => void) | null;
  /** How many failures the printout details (default 50; all are in the report). */
  readonly failuresShown?: number;
}

// Each run's data goes to organizations of its own, so two runs over one store never mix.
let runs = 0;

/** What runTestdata gave: every file's report, the totals and the printed table. */
export interface TestdataReport {
  readonly files: readonly FileReport[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly table: string;
}

/** Runs every script of the testdata folder (and v2.42.0/ when asked) and prints the per-file table. */
export async function runTestdata(engine: PromqlEngine, options: TestdataOptions): Promise<TestdataReport> {
  const dir = options.dir ?? DEFAULT_TESTDATA_DIR;
  const folders = options.includeV2_42 ? ['', V2_42_FOLDER] : [''];
  const skips: SkipCase[] = [...(options.extraSkips ?? [])];
  const files: string[] = [];
  for (const sub of folders) {
    skips.push(...skipsFromIndex(readEvalIndex(dir, sub)));
    for (const name of readdirSync(join(dir, sub))
      .filter((n) => n.endsWith('.test'))
      .sort()) {
      files.push(sub === '' ? name : `${sub}/${name}`);
    }
  }
  const chosen = files.filter((f) => options.only === undefined || options.only.some((s) => f.includes(s)));
  const skipsByCase = skipMap(skips);
  const orgPrefix = `promqltest-run${++runs}`;
  const reports: FileReport[] = [];
  for (const file of chosen) {
    const script = parseScript(readFileSync(join(dir, file), 'utf8'), file);
    const scriptOptions: ScriptOptions = { storage: options.storage, skips: skipsByCase, orgPrefix };
    reports.push(
      await runScript(
        script,
        engine,
        options.rangeModeCheck === undefined
          ? scriptOptions
          : { ...scriptOptions, rangeModeCheck: options.rangeModeCheck },
      ),
    );
  }
  const sum = (k: 'passed' | 'failed' | 'skipped') => reports.reduce((n, r) => n + r[k], 0);
  const table = formatReport(reports, options.failuresShown ?? 50);
  const print = options.print === undefined ? console.log : options.print;
  print?.(table);
  return { files: reports, passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), table };
}

/** Renders the per-file table, the skip reasons with their counts, and the first `failuresShown` failures in detail. */
export function formatReport(reports: readonly FileReport[], failuresShown: number): string {
  const width = Math.max(5, ...reports.map((r) => r.file.length));
  const row = (name: string, p: number | string, f: number | string, s: number | string) =>
    `${name.padEnd(width)}  ${String(p).padStart(6)}  ${String(f).padStart(6)}  ${String(s).padStart(7)}`;
  const out = [row('file', 'passed', 'failed', 'skipped')];
  for (const r of reports) out.push(row(r.file, r.passed, r.failed, r.skipped));
  const total = (k: 'passed' | 'failed' | 'skipped') => reports.reduce((n, r) => n + r[k], 0);
  out.push(row('total', total('passed'), total('failed'), total('skipped')));
  const all = reports.flatMap((r) => r.cases);
  const reasons = new Map<string, number>();
  for (const c of all) {
    if (c.status !== 'skipped') continue;
    // Grouped by the reason's head ("native histograms"); each case's full reason is in the report.
    const head = (c.reason ?? '').split(/[:;(]/)[0]?.trim() ?? '';
    reasons.set(head, (reasons.get(head) ?? 0) + 1);
  }
  if (reasons.size > 0) {
    out.push('', 'skipped, by reason (first reason of each case):');
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]))
      out.push(`  ${String(n).padStart(5)}  ${reason}`);
  }
  const failures = all.filter((c) => c.status === 'failed');
  for (const c of failures.slice(0, failuresShown)) {
    out.push('', `FAIL ${c.file}:${c.line}: ${c.expr}`, `  ${c.reason}`);
    out.push('  expected:', ...(c.expected?.length ? c.expected.map((l) => `    ${l}`) : ['    (nothing)']));
    out.push('  got:', ...(c.got ?? []).map((l) => `    ${l}`));
  }
  if (failures.length > failuresShown) out.push('', `... and ${failures.length - failuresShown} more failures`);
  return out.join('\n');
}
