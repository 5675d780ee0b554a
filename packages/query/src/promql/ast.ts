// The PromQL syntax tree: the contract between the parser and the evaluator (and the web editor).
// Field meanings follow Prometheus 3.x's parser so its test files read the same here.
import type { PromFunction } from './functions.ts';
import type { AggregateOp, ValueType } from './value-kinds.ts';

export type { AggregateOp, ValueType } from './value-kinds.ts';

/** Where a node sits in the query text: UTF-16 offsets, `end` exclusive. */
export interface PosRange {
  start: number;
  end: number;
}

/** A label matcher operator. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One `name op "value"` matcher; regexes are kept as written (the evaluator anchors and compiles them). */
export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** An `@` modifier: a fixed time in milliseconds, or the query's `start()` / `end()`. */
export type AtModifier = { kind: 'timestamp'; ms: number } | { kind: 'start' } | { kind: 'end' };

/** A float literal, or a duration written as one (`5m` is 300); `duration` only changes how it prints. */
export interface NumberLiteral {
  kind: 'NumberLiteral';
  value: number;
  duration: boolean;
  pos: PosRange;
}

/**
 * A string literal, unescaped. Bytes that `\x` or octal escapes leave as invalid UTF-8 are kept as lone
 * surrogates U+DC80..U+DCFF (one per byte), so the evaluator can refuse them as Prometheus does.
 */
export interface StringLiteral {
  kind: 'StringLiteral';
  value: string;
  pos: PosRange;
}

/**
 * An instant vector selector. `name` is the metric name written outside the braces ('' if none); when set,
 * `matchers` ends with the matching `__name__="name"` matcher, as in Prometheus.
 */
export interface VectorSelector {
  kind: 'VectorSelector';
  name: string;
  matchers: LabelMatcher[];
  /** The `offset` in milliseconds, 0 when absent; negative looks forward. */
  offsetMs: number;
  at: AtModifier | null;
  pos: PosRange;
}

/** A range vector selector `sel[range]`; an `offset` or `@` written after the range lives on `selector`. */
export interface MatrixSelector {
  kind: 'MatrixSelector';
  selector: VectorSelector;
  rangeMs: number;
  pos: PosRange;
}

/** A subquery `expr[range:step]`; `stepMs` is 0 when the step was left out (use the default interval). */
export interface SubqueryExpr {
  kind: 'SubqueryExpr';
  expr: Expr;
  rangeMs: number;
  stepMs: number;
  offsetMs: number;
  at: AtModifier | null;
  pos: PosRange;
}

/** A parenthesised expression, kept so the printer can reproduce it. */
export interface ParenExpr {
  kind: 'ParenExpr';
  expr: Expr;
  pos: PosRange;
}

/** A unary `-expr` or `+expr` on a non-literal (signs on number literals are folded into the literal). */
export interface UnaryExpr {
  kind: 'UnaryExpr';
  op: '+' | '-';
  expr: Expr;
  pos: PosRange;
}

/** Arithmetic operators. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
/** Comparison operators (filter, or 0/1 with `bool`). */
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
/** Set operators, only between instant vectors. */
export type SetOp = 'and' | 'or' | 'unless';
/** Native histogram trim operators (Prometheus 3.11): drop observations above (`</`) or below (`>/`) a value. */
export type TrimOp = '</' | '>/';
/** Every binary operator. */
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp | TrimOp;

/** How elements of two vectors pair up. */
export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** The `on`/`ignoring` and `group_left`/`group_right` modifiers of a vector-vector operation. */
export interface VectorMatching {
  card: Cardinality;
  /** True for `on(labels)`, false for `ignoring(labels)` or no modifier. */
  on: boolean;
  labels: string[];
  /** Extra labels copied from the "one" side by `group_left(...)` / `group_right(...)`. */
  include: string[];
}

/** A binary operation; `matching` is null unless both sides are instant vectors. */
export interface BinaryExpr {
  kind: 'BinaryExpr';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  matching: VectorMatching | null;
  pos: PosRange;
}

/** An aggregation; `param` is the k / φ / label name argument of the operators that take one. */
export interface AggregateExpr {
  kind: 'AggregateExpr';
  op: AggregateOp;
  expr: Expr;
  param: Expr | null;
  grouping: string[];
  without: boolean;
  pos: PosRange;
}

/** A function call; `func` is the table entry, with argument and return types. */
export interface Call {
  kind: 'Call';
  func: PromFunction;
  args: Expr[];
  pos: PosRange;
}

/** Any PromQL expression. */
export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | Call;

/** The type an expression evaluates to, computed as Prometheus's parser does. */
export function valueTypeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'NumberLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'ParenExpr':
    case 'UnaryExpr':
      return valueTypeOf(e.expr);
    case 'BinaryExpr':
      return valueTypeOf(e.lhs) === 'scalar' && valueTypeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'Call':
      return e.func.returnType;
  }
}

/** The name Prometheus uses for a type in messages ("instant vector", "range vector"). */
export function documentedType(t: ValueType): string {
  if (t === 'vector') return 'instant vector';
  if (t === 'matrix') return 'range vector';
  return t;
}
