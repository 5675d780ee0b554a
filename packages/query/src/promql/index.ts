// The PromQL front end: lexer, parser, syntax tree, function table and printer.
export * from './ast.ts';
export * from './errors.ts';
export * from './functions.ts';
export * from './lexer.ts';
export * from './parser.ts';
export * from './printer.ts';
