export { dropBlockParts } from './drop.ts';
export { DEFAULT_RETENTION, planRetention, type RetentionPlan, type RetentionPolicy, retentionOf } from './plan.ts';
