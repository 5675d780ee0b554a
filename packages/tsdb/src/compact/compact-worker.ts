// Worker-thread entry: compacts blocks as planned and posts the new block's meta (see ../worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { Resolution } from '@saba/storage';
import { BlockReader } from '../block/index.ts';
import { errorReply } from '../worker.ts';
import { compactBlocks } from './compact.ts';
import type { CompactionPlan } from './plan.ts';

/** What the main thread sends. */
export interface CompactJob {
  readonly parentDir: string;
  readonly plan: CompactionPlan;
  readonly dirs: readonly string[];
  readonly deleted: readonly number[];
  readonly parts: readonly Resolution[];
}

const job = workerData as CompactJob;
const readers = job.dirs.map((d) => BlockReader.open(d));
try {
  const deleted = new Set(job.deleted);
  const meta = compactBlocks(job.parentDir, job.plan, readers, {
    isDeleted: (ref) => deleted.has(ref),
    parts: job.parts,
  });
  parentPort?.postMessage({ ok: true, value: meta });
} catch (err) {
  parentPort?.postMessage(errorReply(err));
} finally {
  for (const r of readers) r.close();
}
