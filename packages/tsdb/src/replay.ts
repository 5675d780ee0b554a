import type { SeriesRef } from '@saba/model';
import { BlockReader, listBlocks } from './block/index.ts';
import { sortBlocks } from './db-state.ts';
import type { Head } from './head/head.ts';
import { decodeDeleted, decodeSamples, decodeSeries, RECORD, recordType } from './head/head-records.ts';
import type { LabelIndex } from './index/index.ts';
import { removeBlock } from './maintenance.ts';
import type { Wal } from './wal/index.ts';

/** Restores every logged series (and forgets deleted ones) from the series log. */
export async function replaySeriesLog(log: Wal, head: Head, index: LabelIndex, deleted: Set<number>): Promise<void> {
  await log.replay((payload) => {
    const type = recordType(payload);
    if (type === RECORD.series) {
      const r = decodeSeries(payload);
      if (head.get(r.ref) !== undefined || deleted.has(r.ref)) return;
      const s = head.restore(r.ref, r.org, r.labels);
      index.add(r.ref, r.org, r.labels);
      s.logged = true;
      s.pendingLabels = undefined;
    } else if (type === RECORD.deleted) {
      for (const ref of decodeDeleted(payload)) {
        deleted.add(ref);
        head.remove(ref);
        if (index.labels(ref as SeriesRef) !== undefined) index.remove(ref as SeriesRef);
      }
    }
  });
}

/**
 * Replays logged samples into the head; returns how many. Records in segments before
 * `fromSegment` (the head snapshot's cut) are in the snapshot already and are skipped; the
 * checkpoint's are always applied (applying a sample twice stores the same value).
 */
export async function replayWal(wal: Wal, head: Head, fromSegment: number): Promise<number> {
  let n = 0;
  await wal.replay((payload, segment) => {
    if (segment >= 0 && segment < fromSegment) return;
    if (recordType(payload) !== RECORD.samples) return;
    const b = decodeSamples(payload);
    for (let i = 0; i < b.length; i++) {
      const s = head.get(b.refs[i] as number);
      if (s !== undefined) head.append(s, b.ts[i] as number, b.vs[i] as number);
    }
    n += b.length;
  });
  return n;
}

/**
 * Opens the blocks, first deleting any that a compaction already merged into a larger block
 * (left behind when the process died between writing the new block and deleting the old ones):
 * a block inside another's range at a lower level, with a seq not above it.
 */
export function openBlocks(blocksDir: string, log: (msg: string) => void): BlockReader[] {
  const blocks = listBlocks(blocksDir).map((path) => BlockReader.open(path));
  const kept: BlockReader[] = [];
  for (const b of blocks) {
    const merged = blocks.some(
      (o) =>
        o !== b &&
        o.meta.level > b.meta.level &&
        o.meta.seq >= b.meta.seq &&
        o.meta.minT <= b.meta.minT &&
        o.meta.maxT >= b.meta.maxT,
    );
    if (merged) {
      log(`removing block ${b.meta.id}: already compacted into a larger block`);
      removeBlock(b);
    } else {
      kept.push(b);
    }
  }
  sortBlocks(kept);
  return kept;
}
