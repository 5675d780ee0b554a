import type { Label, Labels } from '@saba/model';

/**
 * The labels and organization of every live series, in arrays indexed by ref. Refs are assigned
 * densely by the head and never reused, so a slot costs 12 bytes (8 for the labels pointer,
 * 4 for the org number) whether or not the series is still alive.
 */
export class SeriesTable {
  private readonly labelsOf: (Labels | undefined)[] = [];
  private orgOf = new Uint32Array(1024);

  /** The interned labels of a series, or undefined if it is not live. */
  labels(ref: number): Labels | undefined {
    return this.labelsOf[ref];
  }

  /** The number of the organization of a series, 0 if it is not live. */
  orgNum(ref: number): number {
    return ref < this.orgOf.length ? (this.orgOf[ref] as number) : 0;
  }

  /** Records a live series. */
  set(ref: number, org: number, labels: Labels): void {
    // Filling the gap with undefined, not holes, keeps the array packed (fast elements) in V8.
    while (this.labelsOf.length < ref) this.labelsOf.push(undefined);
    this.labelsOf[ref] = labels;
    if (ref >= this.orgOf.length) {
      const bigger = new Uint32Array(Math.max(ref + 1, this.orgOf.length * 2));
      bigger.set(this.orgOf);
      this.orgOf = bigger;
    }
    this.orgOf[ref] = org;
  }

  /** Forgets a series. */
  delete(ref: number): void {
    if (ref < this.labelsOf.length) this.labelsOf[ref] = undefined;
    if (ref < this.orgOf.length) this.orgOf[ref] = 0;
  }

  /** True if the series is live and carries this very (interned) label. */
  hasLabel(ref: number, label: Label): boolean {
    const ls = this.labelsOf[ref];
    if (ls === undefined) return false;
    for (const l of ls) if (l === label) return true;
    return false;
  }
}

/** The value of label `name` in sorted labels, "" if absent (Prometheus's view of a missing label). */
export function labelValueOr(labels: Labels, name: string): string {
  for (const l of labels) {
    if (l.name === name) return l.value;
    if (l.name > name) break;
  }
  return '';
}
