import type { Samples } from '@saba/storage';
import type { BlockReader } from './block/index.ts';
import type { Head } from './head/head.ts';
import type { WriteGate } from './head/write-gate.ts';
import type { LabelIndex } from './index/index.ts';
import type { ResolvedOptions } from './options.ts';
import type { Wal } from './wal/index.ts';

/** The engine's parts, shared by the API (db.ts) and maintenance (maintenance.ts). */
export interface DbState {
  readonly opts: ResolvedOptions;
  readonly index: LabelIndex;
  readonly head: Head;
  readonly wal: Wal;
  readonly seriesLog: Wal;
  readonly gate: WriteGate;
  readonly blocksDir: string;
  /** Open blocks, sorted by minT then seq. */
  blocks: BlockReader[];
  /** Samples taken out of the head while their blocks are written. */
  persisting: Map<number, Samples> | null;
  /** Every sample older than this was cut from the head into blocks (late ones may still come). */
  headLowerBound: number;
  /** The next block's seq: higher seq wins on an equal timestamp. */
  nextSeq: number;
  /** Refs of deleted series still present in blocks; dropped at compaction. */
  readonly deleted: Set<number>;
  /** The background job running on another thread, if any (stopped on close). */
  job: { stop(): Promise<void> } | null;
  /** Set when closing: maintenance starts nothing new. */
  stopping: boolean;
  /** Whether anything was written since the last head snapshot. */
  dirty: boolean;
  /** When (engine clock) the last head snapshot was taken. */
  lastSnapshotAt: number;
}

/** Sorts blocks by minT, then seq. */
export function sortBlocks(blocks: BlockReader[]): void {
  blocks.sort((a, b) => a.meta.minT - b.meta.minT || a.meta.seq - b.meta.seq);
}
