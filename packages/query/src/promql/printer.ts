// The canonical text of an expression, as Prometheus's String() prints it.
import type { AtModifier, Expr, LabelMatcher, VectorMatching, VectorSelector } from './ast.ts';
import { formatDuration, formatNumber } from './number-literal.ts';
import { quote } from './string-literal.ts';

const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Prints an expression in Prometheus's canonical form; parsing the result gives the same tree. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'NumberLiteral':
      return e.duration && Number.isFinite(e.value)
        ? formatDuration(Math.round(e.value * 1000))
        : formatNumber(e.value);
    case 'StringLiteral':
      return quote(e.value);
    case 'VectorSelector':
      return printSelector(e) + modifiers(e.at, e.offsetMs);
    case 'MatrixSelector':
      return `${printSelector(e.selector)}[${formatDuration(e.rangeMs)}]${modifiers(e.selector.at, e.selector.offsetMs)}`;
    case 'SubqueryExpr': {
      const step = e.stepMs === 0 ? '' : formatDuration(e.stepMs);
      return `${printExpr(e.expr)}[${formatDuration(e.rangeMs)}:${step}]${modifiers(e.at, e.offsetMs)}`;
    }
    case 'ParenExpr':
      return `(${printExpr(e.expr)})`;
    case 'UnaryExpr':
      return `${e.op}${printExpr(e.expr)}`;
    case 'BinaryExpr': {
      const bool = e.returnBool ? ' bool' : '';
      return `${printExpr(e.lhs)} ${e.op}${bool}${printMatching(e.matching)} ${printExpr(e.rhs)}`;
    }
    case 'AggregateExpr': {
      let head: string = e.op;
      if (e.without) head += ` without (${printLabels(e.grouping)}) `;
      else if (e.grouping.length > 0) head += ` by (${printLabels(e.grouping)}) `;
      const param = e.param ? `${printExpr(e.param)}, ` : '';
      return `${head}(${param}${printExpr(e.expr)})`;
    }
    case 'Call':
      return `${e.func.name}(${e.args.map(printExpr).join(', ')})`;
  }
}

function printSelector(vs: VectorSelector): string {
  const shown = vs.matchers.filter(
    (m) => !(m.name === '__name__' && m.op === '=' && m.value === vs.name && m.value !== ''),
  );
  const inner = shown.map(printMatcher).sort();
  if (vs.name !== '' && !LEGACY_METRIC.test(vs.name)) inner.unshift(quote(vs.name));
  const name = vs.name !== '' && LEGACY_METRIC.test(vs.name) ? vs.name : '';
  return inner.length === 0 ? name : `${name}{${inner.join(',')}}`;
}

function printMatcher(m: LabelMatcher): string {
  return `${printLabel(m.name)}${m.op}${quote(m.value)}`;
}

function printLabel(name: string): string {
  return LEGACY_LABEL.test(name) ? name : quote(name);
}

function printLabels(names: string[]): string {
  return names.map(printLabel).join(', ');
}

function printMatching(m: VectorMatching | null): string {
  if (!m) return '';
  const grouped = m.card === 'many-to-one' || m.card === 'one-to-many';
  let out = '';
  if (m.on) out += ` on(${printLabels(m.labels)})`;
  else if (m.labels.length > 0 || grouped) out += ` ignoring(${printLabels(m.labels)})`;
  if (grouped) {
    out += m.card === 'many-to-one' ? ' group_left' : ' group_right';
    if (m.include.length > 0) out += `(${printLabels(m.include)})`;
  }
  return out;
}

function modifiers(at: AtModifier | null, offsetMs: number): string {
  let out = '';
  if (at?.kind === 'timestamp') out += ` @ ${(at.ms / 1000).toFixed(3)}`;
  else if (at) out += ` @ ${at.kind}()`;
  if (offsetMs > 0) out += ` offset ${formatDuration(offsetMs)}`;
  else if (offsetMs < 0) out += ` offset -${formatDuration(-offsetMs)}`;
  return out;
}
