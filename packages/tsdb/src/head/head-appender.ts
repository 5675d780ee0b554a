import { BadDataError, type Labels, LimitError, type OrgId, type SeriesRef, type UnixMs } from '@saba/model';
import type { Appender, AppendResult } from '@saba/storage';
import type { LabelIndex } from '../index/index.ts';
import type { Wal } from '../wal/index.ts';
import type { Head } from './head.ts';
import { encodeSamples, encodeSeries } from './head-records.ts';
import type { MemSeries } from './mem-series.ts';
import type { WriteGate } from './write-gate.ts';

const NO_REFS = new Uint32Array(0);
const NO_VALUES = new Float64Array(0);

/** What an appender needs of the engine. */
export interface AppendContext {
  readonly head: Head;
  readonly index: LabelIndex;
  readonly wal: Wal;
  readonly seriesLog: Wal;
  readonly gate: WriteGate;
  readonly oooWindowMs: number;
  readonly futureWindowMs: number;
  readonly maxSeriesPerOrg: number;
  readonly clock: () => number;
  /** Called after each successful commit (for the engine's own metrics). */
  readonly onCommit: (accepted: number, outOfWindow: number) => void;
}

/**
 * Buffers one organization's samples and commits them all or none: validate, log new series,
 * log the samples (resolving once durable), then apply them to the head. Applying only after
 * the WAL write is durable means a failed write (a full disk) leaves nothing half-applied.
 */
export class HeadAppender implements Appender {
  // Buffers are allocated on the first append and dropped on commit: the server makes one
  // appender per metric post, and allocating (and zero-filling) 10 KB up front and again after
  // each commit showed as ~2% of the post path (api.bench.ts profile).
  private refs: Uint32Array = NO_REFS;
  private ts: Float64Array = NO_VALUES;
  private vs: Float64Array = NO_VALUES;
  private n = 0;

  constructor(
    private readonly ctx: AppendContext,
    private readonly org: OrgId,
  ) {}

  append(labels: Labels, t: UnixMs, v: number): SeriesRef {
    const s = this.ctx.head.getOrCreate(this.org, labels);
    this.push(s.ref, t, v);
    return s.ref;
  }

  appendRef(ref: SeriesRef, t: UnixMs, v: number): void {
    const s = this.ctx.head.get(ref);
    if (s === undefined || s.org !== this.org) throw new BadDataError(`unknown series ref ${ref}`);
    this.push(ref, t, v);
  }

  rollback(): void {
    this.n = 0;
  }

  async commit(): Promise<AppendResult> {
    const n = this.n;
    const refs = this.refs;
    const ts = this.ts;
    const vs = this.vs;
    this.n = 0;
    this.refs = NO_REFS;
    this.ts = NO_VALUES;
    this.vs = NO_VALUES;
    if (n === 0) return { accepted: 0, outOfWindow: 0 };
    return this.ctx.gate.run(() => this.commitBatch(refs, ts, vs, n));
  }

  private async commitBatch(refs: Uint32Array, ts: Float64Array, vs: Float64Array, n: number): Promise<AppendResult> {
    const { head, index, clock } = this.ctx;
    const now = clock();
    const lo = now - this.ctx.oooWindowMs;
    const hi = now + this.ctx.futureWindowMs;
    // Keep in-window samples in place, in order; everything is checked before anything is written.
    let kept = 0;
    const fresh = new Set<MemSeries>();
    for (let i = 0; i < n; i++) {
      const t = ts[i] as number;
      if (!Number.isSafeInteger(t)) throw new BadDataError(`timestamp ${t} is not a whole number of milliseconds`);
      if (t < lo || t > hi) continue;
      const s = head.get(refs[i] as number);
      if (s === undefined) throw new BadDataError(`series ${refs[i]} was deleted while samples were being appended`);
      if (!s.logged) fresh.add(s);
      refs[kept] = refs[i] as number;
      ts[kept] = t;
      vs[kept] = vs[i] as number;
      kept++;
    }
    if (fresh.size > 0) {
      const have = index.seriesCount(this.org);
      if (have + fresh.size > this.ctx.maxSeriesPerOrg) {
        throw new LimitError(
          `series limit reached: organization ${this.org} has ${have} series and this write would add ${fresh.size} (limit ${this.ctx.maxSeriesPerOrg}); nothing was written`,
        );
      }
      const list = [...fresh];
      await this.ctx.seriesLog.appendMany(
        list.map((s) => encodeSeries({ ref: s.ref, org: s.org, labels: head.labelsOf(s) })),
      );
      for (const s of list) {
        // A concurrent commit may have logged the same new series meanwhile.
        if (s.logged) continue;
        index.add(s.ref, s.org, head.labelsOf(s));
        s.logged = true;
        s.pendingLabels = undefined;
      }
    }
    if (kept > 0) {
      await this.ctx.wal.append(encodeSamples(refs, ts, vs, kept));
      for (let i = 0; i < kept; i++) {
        const s = head.get(refs[i] as number);
        if (s !== undefined) head.append(s, ts[i] as number, vs[i] as number);
      }
    }
    this.ctx.onCommit(kept, n - kept);
    return { accepted: kept, outOfWindow: n - kept };
  }

  private push(ref: number, t: number, v: number): void {
    if (this.n === this.refs.length) this.grow();
    this.refs[this.n] = ref;
    this.ts[this.n] = t;
    this.vs[this.n] = v;
    this.n++;
  }

  private grow(): void {
    // 128 holds an agent's post for one host (~100 values) without growing. The three columns
    // share one allocation: 10–14% faster appends than three arrays (measured, 1,000 appenders
    // x 100 samples).
    const cap = Math.max(128, this.refs.length * 2);
    const buf = new ArrayBuffer(cap * 20);
    const ts = new Float64Array(buf, 0, cap);
    ts.set(this.ts);
    const vs = new Float64Array(buf, cap * 8, cap);
    vs.set(this.vs);
    const refs = new Uint32Array(buf, cap * 16, cap);
    refs.set(this.refs);
    this.refs = refs;
    this.ts = ts;
    this.vs = vs;
  }
}
