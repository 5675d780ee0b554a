/*
 * Stores a script's `load` command through the Storage interface, as Prometheus's runner does
 * through its appender: the i-th value of a series at time i * interval from the epoch, `_`
 * skipped, `stale` as Prometheus's staleness NaN, all of one command in one commit.
 */
import { LABELED_LABEL, LABELED_VALUE, type Labels, type OrgId, unixMs } from '@saba/model';
import type { Storage } from '@saba/storage';
import type { LoadCommand } from './script.ts';

/**
 * Prometheus's staleness marker: the NaN with bit pattern 0x7ff0000000000002. Made from the bits
 * (no arithmetic touches it, which could quieten it to 0x7ff8...) and stored as such by the tsdb.
 */
export const STALE_NAN: number = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0] as number;

/** Whether `v` is Prometheus's staleness marker (not merely any NaN). */
export function isStaleNaN(v: number): boolean {
  // Set by index: an array literal ([v]) would be a JS double array, which V8 stores NaN in canonically.
  const f = new Float64Array(1);
  f[0] = v;
  return new BigUint64Array(f.buffer)[0] === 0x7ff0000000000002n;
}

/** What one load stored. */
export interface LoadReport {
  readonly series: number;
  readonly samples: number;
  /** Native-histogram samples (`{{...}}`) left out: the store keeps floats only, for now. */
  readonly histogramsSkipped: number;
}

/** A load the store did not take whole. */
export class LoadError extends Error {}

/** The labels a script's series is stored under: its own plus the labelled-series mark (decision 0013). */
export function storedLabels(labels: Labels): Labels {
  if (labels.some((l) => l.name === LABELED_LABEL)) throw new LoadError(`${LABELED_LABEL} is reserved`);
  const out = [...labels, { name: LABELED_LABEL, value: LABELED_VALUE }];
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Appends a load command's samples to `org` in `storage` and commits them. */
export async function loadInto(storage: Storage, org: OrgId, cmd: LoadCommand): Promise<LoadReport> {
  const app = storage.appender(org);
  let samples = 0;
  let histogramsSkipped = 0;
  try {
    for (const s of cmd.series) {
      const labels = storedLabels(s.labels);
      let ref: ReturnType<typeof app.append> | null = null;
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i] as (typeof s.values)[number];
        if (v.kind === 'omitted') continue;
        if (v.kind === 'histogram') {
          histogramsSkipped++;
          continue;
        }
        const t = unixMs(i * cmd.intervalMs);
        const value = v.kind === 'stale' ? STALE_NAN : v.value;
        if (ref === null) ref = app.append(labels, t, value);
        else app.appendRef(ref, t, value);
        samples++;
      }
    }
  } catch (err) {
    app.rollback();
    throw err;
  }
  const res = await app.commit();
  if (res.outOfWindow > 0) {
    throw new LoadError(`the store refused ${res.outOfWindow} of ${samples} samples as outside its time window`);
  }
  return { series: cmd.series.length, samples, histogramsSkipped };
}
