import type { CallNode, ExprNode } from './ast.ts';
import { formatExpr } from './ast.ts';
import { ExprError } from './errors.ts';
import { type EvalCall, FUNCTIONS } from './functions.ts';
import { parseExpr } from './parser.ts';
import type { ExprSource, Series } from './types.ts';

/** The range and data an expression is evaluated against; times in epoch seconds, inclusive. */
export interface EvalOptions {
  from: number;
  to: number;
  source: ExprSource;
}

/** Parses (if given text) and evaluates an expression over [from, to]; throws ExprError. */
export async function evaluateExpr(expr: string | CallNode, options: EvalOptions): Promise<Series[]> {
  const root = typeof expr === 'string' ? parseExpr(expr) : expr;
  if (!(options.from <= options.to)) throw new ExprError(`from (${options.from}) must not be after to (${options.to})`);
  const series = await evalCall(root, options.from, options.to, options.source);
  // Series emptied by a function (say diff over disjoint times) carry nothing to draw or judge.
  return series.filter((s) => s.points.length > 0);
}

function evalCall(node: CallNode, from: number, to: number, source: ExprSource): Promise<Series[]> {
  const def = FUNCTIONS.get(node.name);
  if (!def) throw new ExprError(`unknown function "${node.name}"`, node.pos);
  const arg = (i: number): ExprNode => {
    const a = node.args[i];
    if (!a) throw new ExprError(`${node.name}() has no argument ${i + 1}`, node.pos);
    return a;
  };
  const call: EvalCall = {
    node,
    from,
    to,
    source,
    text: formatExpr(node),
    series: (i, f = from, t = to) => {
      const a = arg(i);
      if (a.kind !== 'call') throw new ExprError(`${node.name}() argument ${i + 1} must be a series`, a.pos);
      return evalCall(a, f, t, source);
    },
    str: (i) => {
      const a = arg(i);
      if (a.kind !== 'string') throw new ExprError(`${node.name}() argument ${i + 1} must be a string`, a.pos);
      return a.value;
    },
    num: (i) => {
      const a = arg(i);
      if (a.kind !== 'number') throw new ExprError(`${node.name}() argument ${i + 1} must be a number`, a.pos);
      return a.value;
    },
    dur: (i) => {
      const a = arg(i);
      if (a.kind !== 'duration') throw new ExprError(`${node.name}() argument ${i + 1} must be a duration`, a.pos);
      return a.seconds;
    },
  };
  return def.evaluate(call);
}
