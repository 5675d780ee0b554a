// The PromQL lexer: turns query text into tokens with their offsets. Pure, so the web editor can use it.
import { PromQLParseError } from './errors.ts';
import { EscapeError, unquote } from './string-literal.ts';

/** What a token is. Keywords are `ident` tokens; the parser recognises them by lower-cased text. */
export type TokenKind = 'ident' | 'number' | 'duration' | 'string' | 'op' | 'eof';

/** One token. `text` is as written; `value` is a string's unescaped contents (else equal to `text`). */
export interface Token {
  kind: TokenKind;
  text: string;
  value: string;
  start: number;
  end: number;
}

/** Words that are keywords outside braces (case-insensitive), besides the aggregation operators. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'start',
  'end',
]);

// Longest first so `<=` wins over `<`.
const OPERATORS = ['==', '!=', '=~', '!~', '<=', '>=', '</', '>/', '+', '-', '*', '/', '%', '^', '<', '>', '=', '@'];
const PUNCT = '(){}[],:';

const DURATION = /(?:[0-9]+(?:ms|[ywdhms]))+/y;
const HEX = /0[xX](?:_?[0-9a-fA-F])+/y;
const DECIMAL = /(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?/y;
const IDENT_OUTSIDE = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const IDENT_INSIDE = /[a-zA-Z_][a-zA-Z0-9_]*/y;

function matchAt(re: RegExp, input: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(input);
  return m ? m[0] : null;
}

/** Splits a query into tokens ending with one `eof`; throws PromQLParseError on text no token can start. */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let braces = 0;
  let brackets = 0;
  const fail = (detail: string, start: number, end = start + 1): never => {
    throw new PromQLParseError(detail, { start, end }, input);
  };
  const push = (kind: TokenKind, start: number, end: number, value?: string): void => {
    const text = input.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end });
  };
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < input.length && input[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      i++;
      while (i < input.length && input[i] !== c) {
        if (c !== '`' && input[i] === '\n') fail('unterminated quoted string', start);
        if (c !== '`' && input[i] === '\\') i++;
        i++;
      }
      if (i >= input.length) fail(c === '`' ? 'unterminated raw string' : 'unterminated quoted string', start);
      i++;
      try {
        push('string', start, i, unquote(input.slice(start + 1, i - 1), c));
      } catch (err) {
        if (err instanceof EscapeError) fail(err.message, start + 1 + err.offset, start + 3 + err.offset);
        throw err;
      }
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(input[i + 1] ?? ''))) {
      const start = i;
      const dur = braces === 0 ? matchAt(DURATION, input, i) : null;
      const text = dur ?? matchAt(HEX, input, i) ?? matchAt(DECIMAL, input, i) ?? '';
      i += text.length;
      if (/[a-zA-Z0-9_.]/.test(input[i] ?? '')) {
        while (/[a-zA-Z0-9_.]/.test(input[i] ?? '')) i++;
        fail(`bad number or duration syntax: "${input.slice(start, i)}"`, start, i);
      }
      push(dur ? 'duration' : 'number', start, i);
      continue;
    }
    const identRe = braces > 0 ? IDENT_INSIDE : IDENT_OUTSIDE;
    const ident = c === ':' && (brackets > 0 || braces > 0) ? null : matchAt(identRe, input, i);
    if (ident) {
      const start = i;
      i += ident.length;
      const lower = ident.toLowerCase();
      push(braces === 0 && (lower === 'inf' || lower === 'nan') ? 'number' : 'ident', start, i);
      continue;
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op && (braces === 0 || ['=', '!=', '=~', '!~'].includes(op))) {
      push('op', i, i + op.length);
      i += op.length;
      continue;
    }
    if (PUNCT.includes(c) && (braces === 0 || c === ',' || c === '}')) {
      if (c === '{') braces++;
      else if (c === '}') braces = Math.max(0, braces - 1);
      else if (c === '[') brackets++;
      else if (c === ']') brackets = Math.max(0, brackets - 1);
      push('op', i, i + 1);
      i++;
      continue;
    }
    if (braces > 0) fail(`unexpected character inside braces: ${JSON.stringify(c)}`, i);
    fail(`unexpected character: ${JSON.stringify(c)}`, i);
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: input.length, end: input.length });
  return tokens;
}
