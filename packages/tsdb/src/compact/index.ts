export { type CompactOptions, compactBlocks } from './compact.ts';
export { type CompactionPlan, LEVEL_RANGE_MS, planCompaction } from './plan.ts';
