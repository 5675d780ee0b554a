// The type checks Prometheus's parser runs after building the tree, with its messages.
import { documentedType, type Expr, type LabelMatcher, type ValueType, valueTypeOf } from './ast.ts';
import { PromQLParseError } from './errors.ts';
import { AGGREGATIONS } from './functions.ts';

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

/** Type-checks a parsed tree, throwing PromQLParseError; also sets set operators' cardinality to many-to-many. */
export function checkExpr(root: Expr, input: string): void {
  const fail = (detail: string, e: Expr): never => {
    throw new PromQLParseError(detail, e.pos, input);
  };
  const expectType = (e: Expr, want: ValueType, context: string): void => {
    const got = check(e);
    if (got !== want) fail(`expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`, e);
  };

  function check(e: Expr, bypassEmptyMatcherCheck = false): ValueType {
    switch (e.kind) {
      case 'NumberLiteral':
      case 'StringLiteral':
        break;
      case 'VectorSelector': {
        if (e.name !== '') {
          // The name's own matcher is last; an earlier __name__ matcher sets the name twice.
          const twice = e.matchers.slice(0, -1).find((m) => m.name === '__name__');
          if (twice)
            fail(`metric name must not be set twice: ${JSON.stringify(e.name)} or ${JSON.stringify(twice.value)}`, e);
          break;
        }
        if (!bypassEmptyMatcherCheck && e.matchers.every(matchesEmpty)) {
          fail('vector selector must contain at least one non-empty matcher', e);
        }
        break;
      }
      case 'MatrixSelector':
        check(e.selector);
        break;
      case 'SubqueryExpr': {
        const t = check(e.expr);
        if (t !== 'vector') fail(`subquery is only allowed on instant vector, got ${documentedType(t)} instead`, e);
        break;
      }
      case 'ParenExpr':
        check(e.expr);
        break;
      case 'UnaryExpr': {
        const t = check(e.expr);
        if (t !== 'scalar' && t !== 'vector') {
          fail(
            `unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(documentedType(t))}`,
            e,
          );
        }
        break;
      }
      case 'AggregateExpr': {
        expectType(e.expr, 'vector', 'aggregation expression');
        const paramType = AGGREGATIONS.get(e.op)?.param;
        if (e.param && paramType) expectType(e.param, paramType, 'aggregation parameter');
        break;
      }
      case 'Call': {
        const f = e.func;
        const n = f.argTypes.length;
        const got = e.args.length;
        if (f.variadic === 0) {
          if (got !== n) fail(`expected ${n} argument(s) in call to ${JSON.stringify(f.name)}, got ${got}`, e);
        } else if (got < n - 1) {
          fail(`expected at least ${n - 1} argument(s) in call to ${JSON.stringify(f.name)}, got ${got}`, e);
        } else if (f.variadic > 0 && got > n - 1 + f.variadic) {
          fail(
            `expected at most ${n - 1 + f.variadic} argument(s) in call to ${JSON.stringify(f.name)}, got ${got}`,
            e,
          );
        }
        e.args.forEach((arg, i) => {
          const want = f.argTypes[Math.min(i, n - 1)] as ValueType;
          if (f.name === 'info' && i === 1) {
            // info's second argument is a bare label selector and may match everything.
            if (arg.kind !== 'VectorSelector')
              fail('expected label selectors as the second argument to "info" function', arg);
            check(arg, true);
            return;
          }
          expectType(arg, want, `call to function ${JSON.stringify(f.name)}`);
        });
        break;
      }
      case 'BinaryExpr': {
        const lt = check(e.lhs);
        const rt = check(e.rhs);
        const isComparison = COMPARISONS.has(e.op);
        const isSet = SET_OPS.has(e.op);
        if (e.returnBool && !isComparison) fail('bool modifier can only be used on comparison operators', e);
        if (isComparison && !e.returnBool && lt === 'scalar' && rt === 'scalar') {
          fail('comparisons between scalars must use BOOL modifier', e);
        }
        const m = e.matching;
        if (m && isSet && m.card === 'one-to-one') m.card = 'many-to-many';
        if (m?.on) {
          const both = m.labels.find((l) => m.include.includes(l));
          if (both !== undefined)
            fail(`label ${JSON.stringify(both)} must not occur in ON and GROUP clause at once`, e);
        }
        if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) {
          fail('binary expression must contain only scalar and instant vector types', e);
        }
        if (lt !== 'vector' || rt !== 'vector') {
          if (m && m.labels.length > 0) fail('vector matching only allowed between instant vectors', e);
          e.matching = null;
        } else if (isSet && m && (m.card === 'one-to-many' || m.card === 'many-to-one')) {
          fail(`no grouping allowed for "${e.op}" operation`, e);
        }
        if ((lt === 'scalar' || rt === 'scalar') && isSet) {
          fail(`set operator "${e.op}" not allowed in binary scalar expression`, e);
        }
        break;
      }
    }
    return valueTypeOf(e);
  }

  check(root);
}

// Whether a matcher accepts the empty label value. Regexes are tried with JavaScript's engine, which
// agrees with RE2 on the patterns used for selectors; one it cannot compile counts as non-empty, and
// the evaluator reports it.
function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
    case '!~': {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${m.value})$`, 's');
      } catch {
        return false;
      }
      return re.test('') === (m.op === '=~');
    }
  }
}
