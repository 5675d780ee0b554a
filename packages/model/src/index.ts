export * from './errors.ts';
export * from './ids.ts';
export * from './labels.ts';
export * from './time.ts';
