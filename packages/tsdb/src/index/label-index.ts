import { BadDataError, ConflictError, type Label, type Labels, type OrgId, type SeriesRef } from '@saba/model';
import type { Matcher } from '@saba/storage';
import { planMatcher } from './matcher-plan.ts';
import { OrgIndex } from './org-index.ts';
import { selectRefs } from './select.ts';
import { labelValueOr, SeriesTable } from './series-table.ts';

const MAX_REF = 0xfffffffe;

/** The in-memory label index of every series, partitioned by organization. */
export class LabelIndex {
  private readonly table = new SeriesTable();
  private readonly orgs = new Map<OrgId, OrgIndex>();
  // Organizations by a small number, so the table stores 4 bytes per series, not a pointer.
  private readonly byNum: (OrgIndex | undefined)[] = [undefined];
  private total = 0;

  /** Adds a series. Labels are interned (shared strings) to save memory. Adding an existing ref throws. */
  add(ref: SeriesRef, org: OrgId, labels: Labels): void {
    if (!Number.isInteger(ref) || ref <= 0 || ref > MAX_REF) throw new BadDataError(`invalid series ref ${ref}`);
    if (this.table.labels(ref) !== undefined) throw new ConflictError(`series ref ${ref} is already indexed`);
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i] as Label;
      if (l.value === '') throw new BadDataError(`label ${l.name} of series ${ref} has an empty value`);
      if (i > 0 && !((labels[i - 1] as Label).name < l.name)) {
        throw new BadDataError(`labels of series ${ref} are not sorted by unique name`);
      }
    }
    let o = this.orgs.get(org);
    if (o === undefined) {
      o = new OrgIndex(org, this.byNum.length, this.table);
      this.orgs.set(org, o);
      this.byNum.push(o);
    }
    this.table.set(ref, o.num, o.add(ref, labels));
    this.total++;
  }

  /** Removes a series (deleted or expired). */
  remove(ref: SeriesRef): void {
    const labels = this.table.labels(ref);
    if (labels === undefined) return;
    const num = this.table.orgNum(ref);
    const o = this.byNum[num] as OrgIndex;
    this.table.delete(ref);
    o.remove(labels);
    this.total--;
    if (o.count === 0) {
      this.orgs.delete(o.id);
      this.byNum[num] = undefined;
    }
  }

  /** The labels of a series, or undefined. */
  labels(ref: SeriesRef): Labels | undefined {
    return this.table.labels(ref);
  }

  /** The organization of a series, or undefined. */
  org(ref: SeriesRef): OrgId | undefined {
    return this.byNum[this.table.orgNum(ref)]?.id;
  }

  /** Refs of the org's series matching every matcher, ascending. Prometheus semantics. */
  select(org: OrgId, matchers: readonly Matcher[]): Uint32Array {
    // Planned first so an invalid regex fails the same way whether or not the org has series.
    const plans = matchers.map(planMatcher);
    const o = this.orgs.get(org);
    return o === undefined ? new Uint32Array(0) : selectRefs(o, plans, this.table);
  }

  /** Sorted label names of the org's series (only of `refs` if given). */
  labelNames(org: OrgId, refs?: Uint32Array): string[] {
    const o = this.orgs.get(org);
    if (o === undefined) return [];
    if (refs === undefined) return [...o.labelNames()];
    const seen = new Set<string>();
    let last: Labels = [];
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as number;
      if (this.table.orgNum(r) !== o.num) continue;
      const ls = this.table.labels(r) as Labels;
      // Neighbouring series mostly share their names (interned, so compared by pointer).
      if (sameNames(ls, last)) continue;
      for (const l of ls) seen.add(l.name);
      last = ls;
    }
    return [...seen].sort();
  }

  /** Sorted distinct values of label `name` among the org's series (only of `refs` if given). */
  labelValues(org: OrgId, name: string, refs?: Uint32Array): string[] {
    const o = this.orgs.get(org);
    const n = o?.names.get(name);
    if (o === undefined || n === undefined) return [];
    if (refs === undefined) return [...n.sortedValues()];
    const seen = new Set<string>();
    let last = '';
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as number;
      if (this.table.orgNum(r) !== o.num) continue;
      const v = labelValueOr(this.table.labels(r) as Labels, name);
      if (v === last) continue;
      seen.add(v);
      last = v;
    }
    seen.delete('');
    return [...seen].sort();
  }

  /** Number of live series of an org (for the per-org series limit). */
  seriesCount(org: OrgId): number {
    return this.orgs.get(org)?.count ?? 0;
  }

  /** Number of live series in all. */
  size(): number {
    return this.total;
  }
}

function sameNames(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i] as Label).name !== (b[i] as Label).name) return false;
  return true;
}
