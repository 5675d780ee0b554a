export { type ChunkInfo, chunkInfo, type DecodedChunk, decodeChunk, encodeChunk } from './chunk.ts';
export {
  allocRollupChunk,
  type DecodedRollupChunk,
  decodeRollupChunk,
  encodeRollupChunk,
  rollupChunkInfo,
} from './rollup.ts';
