import type { Pos } from './ast.ts';
import { ExprError } from './errors.ts';

/** A token of the expression language. `word` is any unquoted run such as `avg`, `Blog:db`, `1/86400` or `5m`. */
export interface Token {
  kind: 'lparen' | 'rparen' | 'comma' | 'word' | 'string' | 'eof';
  /** The word or the string's contents (without quotes). */
  text: string;
  pos: Pos;
}

const PUNCT: Record<string, Token['kind']> = { '(': 'lparen', ')': 'rparen', ',': 'comma' };

/** Splits expression text into tokens, ending with one `eof`; throws ExprError on an unterminated string. */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const advance = (): void => {
    if (input[i] === '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    i++;
  };
  while (i < input.length) {
    const c = input[i] as string;
    const pos = { line, col };
    if (/\s/.test(c)) {
      advance();
      continue;
    }
    const punct = PUNCT[c];
    if (punct) {
      tokens.push({ kind: punct, text: c, pos });
      advance();
      continue;
    }
    if (c === "'" || c === '"') {
      advance();
      const start = i;
      while (i < input.length && input[i] !== c) advance();
      if (i >= input.length) throw new ExprError(`unterminated string`, pos);
      tokens.push({ kind: 'string', text: input.slice(start, i), pos });
      advance();
      continue;
    }
    const start = i;
    while (i < input.length && !/[\s(),'"]/.test(input[i] as string)) advance();
    tokens.push({ kind: 'word', text: input.slice(start, i), pos });
  }
  tokens.push({ kind: 'eof', text: '', pos: { line, col } });
  return tokens;
}
