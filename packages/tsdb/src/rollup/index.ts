export { concatSamples, mergeSamples, type SamplesPart } from './merge-samples.ts';
export { allocRollup, bucketStart, EMPTY_ROLLUP, mergeRollups, rollupSamples } from './rollup.ts';
