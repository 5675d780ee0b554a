export { crc32c, crc32cUpdate } from './crc32c.ts';
export { MAX_RECORD_BYTES } from './format.ts';
export type { ReplayReport } from './replay.ts';
export type { FsyncPolicy } from './segment-writer.ts';
export { Wal, type WalOptions, type WalStats } from './wal.ts';
