import type { CallNode, ExprNode } from './ast.ts';
import { ExprError } from './errors.ts';
import { FUNCTIONS, type ParamKind } from './functions.ts';
import { lex, type Token } from './lexer.ts';
import { parseDuration, parseNumber } from './literals.ts';

/** Parses an expression into its AST, checking names, arity and argument kinds; throws ExprError. Pure. */
export function parseExpr(input: string): CallNode {
  const tokens = lex(input);
  let i = 0;
  const peek = (): Token => tokens[i] as Token;
  const next = (): Token => tokens[i++] as Token;
  const describe = (t: Token): string => (t.kind === 'eof' ? 'end of expression' : `"${t.text}"`);

  const parseCall = (): CallNode => {
    const name = next();
    const def = FUNCTIONS.get(name.text);
    if (!def) throw new ExprError(`unknown function "${name.text}"`, name.pos);
    next(); // the '(' that made this a call
    const raw: { token: Token; call?: CallNode }[] = [];
    if (peek().kind !== 'rparen') {
      for (;;) {
        const t = peek();
        if (t.kind === 'word' && tokens[i + 1]?.kind === 'lparen') raw.push({ token: t, call: parseCall() });
        else if (t.kind === 'word' || t.kind === 'string') raw.push({ token: next() });
        else throw new ExprError(`expected an argument, got ${describe(t)}`, t.pos);
        const sep = next();
        if (sep.kind === 'rparen') break;
        if (sep.kind !== 'comma') throw new ExprError(`expected "," or ")", got ${describe(sep)}`, sep.pos);
      }
    } else {
      next();
    }
    const min = def.params.length;
    const ok = def.variadic ? raw.length >= min : raw.length === min;
    if (!ok) {
      const n = `${def.variadic ? 'at least ' : ''}${min} argument${min === 1 ? '' : 's'}`;
      throw new ExprError(`${def.name}() takes ${n}, got ${raw.length}`, name.pos);
    }
    const args = raw.map((a, k) => {
      const kind = (def.params[Math.min(k, def.params.length - 1)] ?? 'series') as ParamKind;
      return toArg(def.name, k + 1, kind, a.token, a.call);
    });
    const call: CallNode = { kind: 'call', name: def.name, args, pos: name.pos };
    const problem = def.check?.(args);
    if (problem) throw new ExprError(problem, name.pos);
    return call;
  };

  const first = peek();
  if (first.kind === 'eof') throw new ExprError('empty expression', first.pos);
  if (first.kind !== 'word' || tokens[1]?.kind !== 'lparen') {
    throw new ExprError(`expected a function call, got ${describe(first)}`, first.pos);
  }
  const root = parseCall();
  const rest = peek();
  if (rest.kind !== 'eof') throw new ExprError(`unexpected ${describe(rest)} after the expression`, rest.pos);
  return root;
}

function toArg(fn: string, n: number, kind: ParamKind, t: Token, call: CallNode | undefined): ExprNode {
  const where = `${fn}() argument ${n}`;
  if (kind === 'series') {
    if (!call) throw new ExprError(`${where} must be a series expression such as host(...), got "${t.text}"`, t.pos);
    return call;
  }
  if (call) throw new ExprError(`${where} must be a ${kind}, got a call to ${call.name}()`, t.pos);
  switch (kind) {
    case 'string':
      return { kind: 'string', value: t.text, pos: t.pos };
    case 'number': {
      const value = parseNumber(t.text);
      if (value === undefined)
        throw new ExprError(`${where} must be a number such as 2 or 1/86400, got "${t.text}"`, t.pos);
      return { kind: 'number', value, text: t.text, pos: t.pos };
    }
    case 'duration': {
      const seconds = parseDuration(t.text);
      if (seconds === undefined || seconds === 0) {
        throw new ExprError(`${where} must be a duration such as 5m, 1h, 1d, 1w, 3mo or 1y, got "${t.text}"`, t.pos);
      }
      return { kind: 'duration', seconds, text: t.text, pos: t.pos };
    }
  }
}
