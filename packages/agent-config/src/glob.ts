// A small glob for `include`, with the semantics of Go's filepath.Glob (which the official agent calls
// in config/config.go includeConfigFile): `*` and `?` never cross a `/`, `[...]` classes use `^` to
// negate, `\` escapes; each path segment is matched against one directory's entries; a relative
// pattern is relative to the working directory; a missing directory just yields no matches; only a
// malformed pattern is an error.

import { join } from 'node:path';
import { lstat, readdir, stat } from './sync-fs.ts';

/** A pattern Go's filepath.Match would refuse (ErrBadPattern). */
export class GlobPatternError extends Error {
  override readonly name = 'GlobPatternError';
}

const META = /[*?[\\]/;

/** Returns the paths matching `pattern`, sorted per directory as Go does; throws GlobPatternError on a bad pattern. */
export async function glob(pattern: string): Promise<string[]> {
  // Go checks the whole pattern first, so a bad class anywhere is reported even with no files.
  for (const segment of pattern.split('/')) segmentRegExp(segment);
  if (!META.test(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf('/');
  const file = pattern.slice(slash + 1);
  let dir = slash < 0 ? '.' : pattern.slice(0, slash + 1);
  if (dir !== '/' && dir.length > 1) dir = dir.slice(0, -1);
  if (dir === '') dir = '.';
  const dirs = META.test(dir) ? await glob(dir) : [dir];
  const out: string[] = [];
  for (const d of dirs) out.push(...(await matchIn(d, file)));
  return out;
}

/** Reports whether `name` (one path segment) matches `pattern` as Go's filepath.Match does. */
export function matchSegment(pattern: string, name: string): boolean {
  return segmentRegExp(pattern).test(name);
}

async function matchIn(dir: string, pattern: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
  } catch {
    return [];
  }
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const re = segmentRegExp(pattern);
  return names
    .filter((n) => re.test(n))
    .sort()
    .map((n) => (dir === '.' ? n : join(dir, n)));
}

function lit(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

function segmentRegExp(pattern: string): RegExp {
  const bad = (): GlobPatternError => new GlobPatternError(`syntax error in pattern ${JSON.stringify(pattern)}`);
  const chars = Array.from(pattern);
  let src = '';
  let i = 0;
  // Reads one class character, honouring `\` escapes; Go refuses an unescaped `-` or `]` here.
  const classChar = (): string => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') throw bad();
    if (c === '\\') {
      i++;
      c = chars[i];
      if (c === undefined) throw bad();
    }
    i++;
    return c;
  };
  while (i < chars.length) {
    const c = chars[i] as string;
    if (c === '*') {
      src += '[^/]*';
      i++;
    } else if (c === '?') {
      src += '[^/]';
      i++;
    } else if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) throw bad();
      src += lit(next);
      i += 2;
    } else if (c === '[') {
      i++;
      let cls = '';
      if (chars[i] === '^') {
        cls = '^';
        i++;
      }
      let ranges = 0;
      for (;;) {
        if (chars[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        const lo = classChar();
        let item = lit(lo);
        if (chars[i] === '-') {
          i++;
          const hi = classChar();
          if ((hi.codePointAt(0) ?? 0) < (lo.codePointAt(0) ?? 0)) throw bad();
          item += `-${lit(hi)}`;
        }
        cls += item;
        ranges++;
      }
      src += `[${cls}]`;
    } else {
      src += lit(c);
      i++;
    }
  }
  return new RegExp(`^${src}$`, 'u');
}
