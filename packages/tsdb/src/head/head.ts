import { BadDataError, type Labels, type OrgId, type SeriesRef } from '@saba/model';
import type { Samples } from '@saba/storage';
import type { LabelIndex } from '../index/index.ts';
import { MemSeries } from './mem-series.ts';

const EMPTY_SAMPLES: Samples = { length: 0, ts: new Float64Array(0), vs: new Float64Array(0) };

/**
 * The in-memory part of the engine: every live series, addressed by ref (an array index, so
 * `appendRef` costs one load) and by a hash of org and labels (so `append` by labels needs no
 * key string kept per series: a 60-character key would cost ~90 bytes a series).
 */
export class Head {
  private readonly series: (MemSeries | undefined)[] = [];
  private readonly byHash = new Map<number, MemSeries | MemSeries[]>();
  private nextRef = 1;
  private count = 0;
  /**
   * A lower bound of every sample time held: lowered by each append, made exact at each cut.
   * Reads need it per series (where late data may overlap blocks), and an exact scan of
   * every series each time would cost ~10 ms at 100k series.
   */
  private low = Number.POSITIVE_INFINITY;

  constructor(private readonly index: LabelIndex) {}

  /** The series with this ref, or undefined. */
  get(ref: number): MemSeries | undefined {
    return this.series[ref];
  }

  /** Number of series held (logged or not). */
  get size(): number {
    return this.count;
  }

  /** Finds the org's series with these labels, creating an unlogged one if there is none. */
  getOrCreate(org: OrgId, labels: Labels): MemSeries {
    const h = hashSeries(org, labels);
    const found = this.byHash.get(h);
    if (found !== undefined) {
      for (const s of Array.isArray(found) ? found : [found]) {
        if (s.org === org && labelsEqual(this.labelsOf(s), labels)) return s;
      }
    }
    validateLabels(labels);
    const s = new MemSeries(this.nextRef++ as SeriesRef, org, labels);
    this.insert(h, s);
    return s;
  }

  /** Re-creates a logged series at replay, with its recorded ref. */
  restore(ref: SeriesRef, org: OrgId, labels: Labels): MemSeries {
    const s = new MemSeries(ref, org, labels);
    this.nextRef = Math.max(this.nextRef, ref + 1);
    this.insert(hashSeries(org, labels), s);
    return s;
  }

  /** The labels of a series, from the index once logged. */
  labelsOf(s: MemSeries): Labels {
    return s.pendingLabels ?? this.index.labels(s.ref) ?? [];
  }

  /** Forgets a series (deleted). */
  remove(ref: number): void {
    const s = this.series[ref];
    if (s === undefined) return;
    const h = hashSeries(s.org, this.labelsOf(s));
    const found = this.byHash.get(h);
    if (Array.isArray(found)) {
      const rest = found.filter((x) => x !== s);
      this.byHash.set(h, rest.length === 1 ? (rest[0] as MemSeries) : rest);
    } else if (found === s) {
      this.byHash.delete(h);
    }
    this.series[ref] = undefined;
    this.count--;
  }

  /** Stores a sample in a series. */
  append(s: MemSeries, t: number, v: number): void {
    s.append(t, v);
    if (t < this.low) this.low = t;
  }

  /** At most the oldest sample time in the head (+Infinity when it never held any). */
  minT(): number {
    return this.low;
  }

  /** Refs of the logged series, ascending. */
  refs(): number[] {
    const out: number[] = [];
    for (const s of this.series) if (s?.logged) out.push(s.ref);
    return out;
  }

  /** Removes and returns every sample of series `ref` older than `before` (empty if none or unknown). */
  extractBefore(ref: number, before: number): Samples {
    const s = this.series[ref];
    return s === undefined ? EMPTY_SAMPLES : s.extractBefore(before);
  }

  /** Puts back samples extracted for a block that could not be written (newer writes win). */
  putBack(ref: number, samples: Samples): void {
    const s = this.series[ref];
    if (s === undefined) return;
    s.putBack(samples);
    if (samples.length > 0) this.low = Math.min(this.low, samples.ts[0] as number);
  }

  /** Makes minT exact again (after a cut took the oldest samples away). */
  recomputeMinT(): void {
    let low = Number.POSITIVE_INFINITY;
    for (const s of this.series) if (s !== undefined) low = Math.min(low, s.minT());
    this.low = low;
  }

  private insert(h: number, s: MemSeries): void {
    const found = this.byHash.get(h);
    if (found === undefined) this.byHash.set(h, s);
    else if (Array.isArray(found)) found.push(s);
    else this.byHash.set(h, [found, s]);
    this.series[s.ref] = s;
    this.count++;
  }
}

/** Rejects label sets the engine cannot hold: unsorted or duplicate names, empty names or values. */
export function validateLabels(labels: Labels): void {
  if (labels.length === 0) throw new BadDataError('a series needs at least one label');
  let prev = '';
  for (const l of labels) {
    if (l.name === '') throw new BadDataError('empty label name');
    if (l.value === '') throw new BadDataError(`empty value for label ${JSON.stringify(l.name)}`);
    if (l.name <= prev) throw new BadDataError(`labels not sorted or duplicated at ${JSON.stringify(l.name)}`);
    prev = l.name;
  }
}

function labelsEqual(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x?.name !== y?.name || x?.value !== y?.value) return false;
  }
  return true;
}

/** A 52-bit hash of org and labels: two FNV-1a passes with different seeds, combined. */
function hashSeries(org: OrgId, labels: Labels): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 = Math.imul(h1 ^ 0xff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xff, 0x5bd1e995);
  };
  mix(org);
  for (const l of labels) {
    mix(l.name);
    mix(l.value);
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}
