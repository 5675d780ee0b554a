export { Tsdb, type TsdbStats } from './db.ts';
export { BLOCK_RANGE_MS, type TsdbOptions } from './options.ts';
export type { FsyncPolicy } from './wal/index.ts';
