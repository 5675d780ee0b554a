import { BadDataError } from '@saba/model';
import type { PosRange } from './ast.ts';

/** Where an error is in the query text, 1-based, counted in characters. */
export interface LineCol {
  line: number;
  col: number;
}

/** Converts a text offset into a line and column. */
export function lineColAt(input: string, offset: number): LineCol {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < input.length; i++) {
    if (input[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * A query that does not lex, parse or type-check. The message reads as Prometheus's does
 * (`1:5: parse error: unexpected "}"`); `detail` is the part after `parse error: `.
 */
export class PromQLParseError extends BadDataError {
  readonly line: number;
  readonly col: number;

  constructor(
    readonly detail: string,
    readonly pos: PosRange,
    input: string,
  ) {
    const { line, col } = lineColAt(input, pos.start);
    super(`${line}:${col}: parse error: ${detail}`);
    this.line = line;
    this.col = col;
  }
}
