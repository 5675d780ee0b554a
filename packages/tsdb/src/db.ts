import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BadDataError, type OrgId, type SeriesRef, UnavailableError, type UnixMs } from '@saba/model';
import type { Appender, Matcher, Querier, Storage } from '@saba/storage';
import type { BlockReader } from './block/index.ts';
import type { DbState } from './db-state.ts';
import { Head } from './head/head.ts';
import { type AppendContext, HeadAppender } from './head/head-appender.ts';
import { encodeDeleted } from './head/head-records.ts';
import { WriteGate } from './head/write-gate.ts';
import { LabelIndex } from './index/index.ts';
import { acquireLock, type DirLock } from './lock.ts';
import { applyRetention, compact, cutHead } from './maintenance.ts';
import { type ResolvedOptions, resolveOptions, type TsdbOptions } from './options.ts';
import { TsdbQuerier } from './querier/querier.ts';
import { openBlocks, replaySeriesLog, replayWal } from './replay.ts';
import { containsSorted } from './search.ts';
import { loadSnapshot, snapshotHead } from './snapshot.ts';
import { Wal } from './wal/index.ts';

/** Figures about the engine, for `/metrics` and benchmarks. */
export interface TsdbStats {
  readonly series: number;
  readonly headSeries: number;
  readonly blocks: number;
  readonly walBytes: number;
  readonly samplesAppended: number;
  readonly samplesOutOfWindow: number;
}

/**
 * Saba's embedded time-series engine: a WAL-backed in-memory head, immutable compressed
 * blocks with rollups, one label index over all of it, partitioned by organization.
 */
export class Tsdb implements Storage {
  private timer: NodeJS.Timeout | null = null;
  private maintaining: Promise<void> = Promise.resolve();
  private closed = false;
  private appended = 0;
  private outOfWindow = 0;
  private appendContext: AppendContext | undefined;

  private constructor(
    private readonly st: DbState,
    private readonly lock: DirLock,
  ) {}

  /** Opens (creating) a data directory: replays the series log, opens blocks, replays the WAL. */
  static async open(options: TsdbOptions): Promise<Tsdb> {
    const opts = resolveOptions(options);
    mkdirSync(opts.dir, { recursive: true });
    const lock = acquireLock(opts.dir);
    try {
      const index = new LabelIndex();
      const head = new Head(index);
      const deleted = new Set<number>();
      const seriesLog = await Wal.open(join(opts.dir, 'series'), walOptions(opts));
      await replaySeriesLog(seriesLog, head, index, deleted);
      const blocksDir = join(opts.dir, 'blocks');
      mkdirSync(blocksDir, { recursive: true });
      const blocks = openBlocks(blocksDir, opts.log);
      const wal = await Wal.open(join(opts.dir, 'wal'), walOptions(opts));
      const st: DbState = {
        opts,
        index,
        head,
        wal,
        seriesLog,
        gate: new WriteGate(),
        blocksDir,
        blocks,
        persisting: null,
        headLowerBound: blocks.reduce((m, b) => Math.max(m, b.meta.maxT), Number.NEGATIVE_INFINITY),
        nextSeq: blocks.reduce((m, b) => Math.max(m, b.meta.seq), 0) + 1,
        deleted,
        job: null,
        stopping: false,
        dirty: false,
        lastSnapshotAt: opts.clock(),
      };
      const snapshotAt = await loadSnapshot(opts.dir, head, opts.log);
      const replayed = await replayWal(wal, head, snapshotAt);
      head.recomputeMinT();
      opts.log(`opened ${opts.dir}: ${index.size()} series, ${blocks.length} blocks, ${replayed} WAL samples replayed`);
      const db = new Tsdb(st, lock);
      db.startTimer();
      return db;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  appender(org: OrgId): Appender {
    this.assertOpen();
    // One context for every appender: the server makes one appender per metric post, and
    // building the object and its closure each time cost ~2% of the post path (api.bench.ts profile).
    this.appendContext ??= this.newAppendContext();
    return new HeadAppender(this.appendContext, org);
  }

  private newAppendContext(): AppendContext {
    const st = this.st;
    return {
      head: st.head,
      index: st.index,
      wal: st.wal,
      seriesLog: st.seriesLog,
      gate: st.gate,
      oooWindowMs: st.opts.oooWindowMs,
      futureWindowMs: st.opts.futureWindowMs,
      maxSeriesPerOrg: st.opts.maxSeriesPerOrg,
      clock: st.opts.clock,
      onCommit: (accepted, outOfWindow) => {
        if (accepted > 0) st.dirty = true;
        this.appended += accepted;
        this.outOfWindow += outOfWindow;
      },
    };
  }

  querier(org: OrgId, mint: UnixMs, maxt: UnixMs): Querier {
    this.assertOpen();
    return new TsdbQuerier(this.st, org, mint, maxt);
  }

  async deleteSeries(org: OrgId, matchers: readonly Matcher[]): Promise<number> {
    this.assertOpen();
    if (matchers.length === 0) throw new BadDataError('deleting series needs at least one matcher');
    const refs = Array.from(this.st.index.select(org, matchers));
    if (refs.length === 0) return 0;
    await this.st.seriesLog.append(encodeDeleted(refs));
    this.st.dirty = true;
    for (const ref of refs) {
      this.st.head.remove(ref);
      this.st.index.remove(ref as SeriesRef);
      if (this.st.blocks.some((b) => containsSorted(b.refs(), ref))) this.st.deleted.add(ref);
    }
    return refs.length;
  }

  /**
   * Runs maintenance now: cut the head into blocks, snapshot the head (after a cut, or every
   * `snapshotIntervalMs` when written to), compact blocks, apply retention. Serialized with the
   * timer's runs.
   */
  maintain(): Promise<void> {
    const run = this.maintaining.then(async () => {
      if (this.closed) return;
      const st = this.st;
      const cut = await cutHead(st);
      const due = st.dirty && st.opts.clock() - st.lastSnapshotAt >= st.opts.snapshotIntervalMs;
      if (cut > 0 || due) {
        st.lastSnapshotAt = st.opts.clock();
        await snapshotHead(st);
      }
      await compact(st);
      applyRetention(this.st);
    });
    this.maintaining = run.catch((err: unknown) => this.st.opts.log(`maintenance failed: ${String(err)}`));
    return run;
  }

  /** Current figures. */
  stats(): TsdbStats {
    return {
      series: this.st.index.size(),
      headSeries: this.st.head.size,
      blocks: this.st.blocks.length,
      walBytes: this.st.wal.size() + this.st.seriesLog.size(),
      samplesAppended: this.appended,
      samplesOutOfWindow: this.outOfWindow,
    };
  }

  /** The open blocks' metadata (for tests and the admin view). */
  blocks(): readonly BlockReader['meta'][] {
    return this.st.blocks.map((b) => b.meta);
  }

  /** Stops maintenance and closes the logs. The head is not flushed: the WAL replays it, as Prometheus does. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer !== null) clearInterval(this.timer);
    // A compaction in progress is stopped rather than waited for (it can take minutes); its
    // half-written block is a temp directory that the next open removes.
    this.st.stopping = true;
    await this.st.job?.stop();
    await this.maintaining;
    this.closed = true;
    await this.st.gate.pause();
    await this.st.wal.close();
    await this.st.seriesLog.close();
    for (const b of this.st.blocks) b.close();
    this.lock.release();
  }

  private startTimer(): void {
    const every = this.st.opts.maintenanceIntervalMs;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      this.maintain().catch(() => {});
    }, every);
    this.timer.unref();
  }

  private assertOpen(): void {
    if (this.closed) throw new UnavailableError('the time-series database is closed');
  }
}

function walOptions(opts: ResolvedOptions) {
  return { fsync: opts.fsync, segmentBytes: opts.walSegmentBytes, log: opts.log };
}
