export { concatSamples, mergeSamples, type SamplesPart } from './merge-samples.ts';
export { bucketStart, EMPTY_ROLLUP, mergeRollups, rollupSamples } from './rollup.ts';
