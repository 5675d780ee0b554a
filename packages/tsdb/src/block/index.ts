export {
  CHUNK_WINDOW_MS,
  chunkWindow,
  DEFAULT_MAX_CHUNK_SAMPLES,
  encodeRawChunks,
  encodeRollupChunks,
} from './chunking.ts';
export { listBlocks, removeBlockDir } from './dir.ts';
export { INDEX_FILE } from './files.ts';
export { fsyncDir } from './fsync.ts';
export { type BlockMeta, PARTS, type PartFlags, partFlags, readMeta, writeMetaAtomic } from './meta.ts';
export { BlockReader } from './reader.ts';
export { BlockScan, type ScannedSeries } from './scan.ts';
export { type BlockSeriesInput, encodeSeries, type WriteBlockSpec, writeBlock } from './write-block.ts';
export { type BlockSpec, BlockWriter, type EncodedChunk, type SeriesChunks } from './writer.ts';
