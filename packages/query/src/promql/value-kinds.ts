// The kinds the syntax tree and the function table both name. Apart from ast.ts so that the
// function table (functions.ts), which the tree refers to, does not import the tree back.

/** The four types a PromQL expression can evaluate to. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Aggregation operators. */
export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'count'
  | 'min'
  | 'max'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values'
  | 'limitk'
  | 'limit_ratio';
