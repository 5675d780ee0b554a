export * from './mkrexpr/ast.ts';
export * from './mkrexpr/errors.ts';
export * from './mkrexpr/evaluator.ts';
export * from './mkrexpr/functions.ts';
export * from './mkrexpr/metric-pattern.ts';
export * from './mkrexpr/parser.ts';
export * from './mkrexpr/storage-source.ts';
export * from './mkrexpr/types.ts';
