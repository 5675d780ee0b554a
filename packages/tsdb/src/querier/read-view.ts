import type { Samples } from '@saba/storage';
import type { BlockReader } from '../block/index.ts';
import type { Head } from '../head/head.ts';
import type { LabelIndex } from '../index/index.ts';

/**
 * What a query reads: the label index, the head, the blocks (sorted by minT), and the samples
 * taken out of the head for a block that is being written (visible until the block is).
 */
export interface ReadView {
  readonly index: LabelIndex;
  readonly head: Head;
  readonly blocks: readonly BlockReader[];
  readonly persisting: ReadonlyMap<number, Samples> | null;
}

/** Priority of the head's samples over any block's on an equal timestamp: the head is newest. */
export const HEAD_PRIORITY = Number.MAX_SAFE_INTEGER;
/** Priority of samples being persisted: newer than every block, older than the head. */
export const PERSISTING_PRIORITY = Number.MAX_SAFE_INTEGER - 1;
