// Evaluates one expression at one time: the dispatch over node kinds. Range queries and subqueries
// call it once per step (Prometheus evaluates step by step too; series are read once per query).
import type { Expr } from '../ast.ts';
import { aggregate } from './aggregate.ts';
import { binary } from './binary.ts';
import type { EvalContext } from './context.ts';
import { callFunction } from './functions/index.ts';
import { atTime, selectRange, selectVector } from './select.ts';
import { subquery } from './subquery.ts';
import { assertUniqueLabels, dropName, type Value } from './values.ts';

/** Evaluates `e` at time `t` (ms). */
export function evaluate(e: Expr, t: number, ctx: EvalContext): Value {
  switch (e.kind) {
    case 'NumberLiteral':
      return { kind: 'scalar', value: e.value };
    case 'StringLiteral':
      return { kind: 'string', value: e.value };
    case 'VectorSelector':
      return { kind: 'vector', samples: selectVector(e, t, ctx) };
    case 'MatrixSelector': {
      const ref = (atTime(e.selector.at, ctx) ?? t) - e.selector.offsetMs;
      return {
        kind: 'matrix',
        series: selectRange(e.selector, e.rangeMs, t, ctx),
        rangeStart: ref - e.rangeMs,
        rangeEnd: ref,
        rangeMs: e.rangeMs,
      };
    }
    case 'SubqueryExpr':
      return subquery(e, t, ctx);
    case 'ParenExpr':
      return evaluate(e.expr, t, ctx);
    case 'UnaryExpr': {
      const v = evaluate(e.expr, t, ctx);
      if (e.op === '+') return v;
      if (v.kind === 'scalar') return { kind: 'scalar', value: -v.value };
      if (v.kind === 'vector') {
        const samples = v.samples.map((s) => ({ labels: dropName(s.labels), value: -s.value }));
        assertUniqueLabels(samples);
        return { kind: 'vector', samples };
      }
      return v;
    }
    case 'BinaryExpr':
      return binary(e, evaluate(e.lhs, t, ctx), evaluate(e.rhs, t, ctx));
    case 'AggregateExpr':
      return aggregate(e, t, ctx);
    case 'Call':
      return callFunction(e, t, ctx);
  }
}
