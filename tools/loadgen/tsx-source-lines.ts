import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Finds the source line of a position in code that tsx transformed; undefined when unknown. */
export type SourceLine = (path: string, line: number, column: number) => number | undefined;

/** tsx's transform cache: `<tmpdir>/tsx-<euid>/`, one JSON file `{code, map}` per transformed source. */
export function tsxCacheDir(): string {
  return join(tmpdir(), `tsx-${process.geteuid?.() ?? 0}`);
}

/**
 * Maps profile positions back to TypeScript lines. tsx runs esbuild with minifyWhitespace, so
 * V8 sees each module as one line and a profile's line numbers say nothing; the source maps in
 * tsx's cache do. A file edited over time has several entries; the newest one written by
 * `notAfterMs` (when the profiled process exited) is taken, which is wrong only for a file
 * edited and run again while the profiled process ran.
 */
export function tsxSourceLines(notAfterMs: number, dir = tsxCacheDir()): SourceLine {
  const newest = new Map<string, { mtime: number; file: string }>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return () => undefined;
  }
  for (const name of names) {
    const file = join(dir, name);
    try {
      const mtime = statSync(file).mtimeMs;
      if (mtime > notAfterMs) continue;
      const source = (JSON.parse(readFileSync(file, 'utf8')) as { map?: { sources?: string[] } }).map?.sources?.[0];
      if (source === undefined) continue;
      const seen = newest.get(source);
      if (seen === undefined || seen.mtime < mtime) newest.set(source, { mtime, file });
    } catch {}
  }
  const decoded = new Map<string, number[][][] | undefined>();
  return (path, line, column) => {
    if (!decoded.has(path)) {
      const entry = newest.get(path);
      const map =
        entry === undefined
          ? undefined
          : (JSON.parse(readFileSync(entry.file, 'utf8')) as { map: { mappings: string } }).map;
      decoded.set(path, map === undefined ? undefined : decodeMappings(map.mappings));
    }
    const segments = decoded.get(path)?.[line];
    if (segments === undefined) return undefined;
    let found: number | undefined;
    for (const s of segments) {
      if ((s[0] as number) > column) break;
      if (s.length >= 4) found = (s[2] as number) + 1;
    }
    return found;
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes source map v3 `mappings`: per generated line, segments of [column, source, line,
 * column(, name)] with the running sums applied (fields are base64 VLQ deltas).
 */
export function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  const state = [0, 0, 0, 0, 0];
  for (const text of mappings.split(';')) {
    const segments: number[][] = [];
    state[0] = 0; // the generated column restarts on each line; the other fields run on
    for (const seg of text.split(',')) {
      if (seg === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
          continue;
        }
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
      fields.forEach((d, i) => {
        state[i] = (state[i] as number) + d;
      });
      segments.push(state.slice(0, fields.length));
    }
    lines.push(segments);
  }
  return lines;
}
