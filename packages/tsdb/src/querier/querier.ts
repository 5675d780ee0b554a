import { BadDataError, compareLabels, type Labels, type OrgId, type SeriesRef, type UnixMs } from '@saba/model';
import type { Matcher, Querier, RollupResolution, RollupSamples, Samples, Series } from '@saba/storage';
import type { BlockReader } from '../block/index.ts';
import { compileMatcher } from '../index/index.ts';
import { containsSorted } from '../search.ts';
import type { ReadView } from './read-view.ts';
import { readRollup, readSamples } from './series-data.ts';

/**
 * Reads one organization's series over [mint, maxt]. Reads are synchronous: blocks are read
 * with positional reads, as Prometheus's mmap'd blocks fault pages in (docs/decisions).
 */
export class TsdbQuerier implements Querier {
  private readonly blocks: readonly BlockReader[];

  constructor(
    private readonly view: ReadView,
    private readonly org: OrgId,
    readonly mint: UnixMs,
    readonly maxt: UnixMs,
  ) {
    if (!(mint <= maxt)) throw new BadDataError(`query range end ${maxt} is before its start ${mint}`);
    this.blocks = view.blocks.filter((b) => b.meta.maxT > mint && b.meta.minT <= maxt);
  }

  select(matchers: readonly Matcher[]): Series[] {
    if (matchers.length > 0 && matchers.every((m) => compileMatcher(m)(''))) {
      throw new BadDataError('at least one matcher must not match the empty string');
    }
    const refs = this.view.index.select(this.org, matchers);
    const out: TsdbSeries[] = [];
    for (const ref of refs) {
      if (!this.hasData(ref)) continue;
      const labels = this.view.index.labels(ref as SeriesRef);
      if (labels !== undefined) out.push(new TsdbSeries(this, ref as SeriesRef, labels));
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }

  labelNames(matchers?: readonly Matcher[]): string[] {
    const refs =
      matchers === undefined || matchers.length === 0 ? undefined : this.view.index.select(this.org, matchers);
    return this.view.index.labelNames(this.org, refs);
  }

  labelValues(name: string, matchers?: readonly Matcher[]): string[] {
    const refs =
      matchers === undefined || matchers.length === 0 ? undefined : this.view.index.select(this.org, matchers);
    return this.view.index.labelValues(this.org, name, refs);
  }

  /** Raw samples of a series in range. */
  samplesOf(ref: SeriesRef): Samples {
    return readSamples(this.view, this.blocks, ref, this.mint, this.maxt);
  }

  /** Rollup buckets of a series in range. */
  rollupOf(ref: SeriesRef, res: RollupResolution): RollupSamples {
    return readRollup(this.view, this.view.blocks, ref, res, this.mint, this.maxt);
  }

  /** Whether a series may have samples in range: the head says so, or a block in range holds it. */
  private hasData(ref: number): boolean {
    if (this.view.head.get(ref)?.mayHaveData(this.mint, this.maxt) === true) return true;
    if (this.view.persisting?.has(ref) === true) return true;
    for (const b of this.blocks) if (containsSorted(b.refs(), ref)) return true;
    return false;
  }
}

/** A selected series; its samples are read when asked for. */
class TsdbSeries implements Series {
  constructor(
    private readonly q: TsdbQuerier,
    readonly ref: SeriesRef,
    readonly labels: Labels,
  ) {}

  samples(): Samples {
    return this.q.samplesOf(this.ref);
  }

  rollup(resolution: RollupResolution): RollupSamples {
    return this.q.rollupOf(this.ref, resolution);
  }
}
