export * from './alerts.ts';
export * from './errors.ts';
export * from './ids.ts';
export * from './json-fields.ts';
export * from './labels.ts';
export * from './series-labels.ts';
export * from './stale-marker.ts';
export * from './time.ts';
