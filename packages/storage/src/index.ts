export * from './matcher.ts';
export * from './resolution.ts';
export * from './storage.ts';
