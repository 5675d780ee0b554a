import type { Samples } from '@saba/storage';

/** One input of mergeSamples: sorted samples and the priority that wins an equal timestamp. */
export interface SamplesPart {
  readonly s: Samples;
  readonly priority: number;
}

const EMPTY: Samples = { length: 0, ts: new Float64Array(0), vs: new Float64Array(0) };

/**
 * Merges raw sample parts, each sorted; on an equal timestamp the part with the higher priority
 * wins (e.g. block seq; the head is newest). Fast path: parts that do not overlap are concatenated.
 */
export function mergeSamples(parts: readonly SamplesPart[]): Samples {
  const live = parts.filter((p) => p.s.length > 0);
  if (live.length === 0) return EMPTY;
  if (live.length === 1) return (live[0] as SamplesPart).s;
  const byStart = [...live].sort((a, b) => (a.s.ts[0] as number) - (b.s.ts[0] as number));
  let disjoint = true;
  for (let i = 1; i < byStart.length && disjoint; i++) {
    const prev = (byStart[i - 1] as SamplesPart).s;
    if ((prev.ts[prev.length - 1] as number) >= ((byStart[i] as SamplesPart).s.ts[0] as number)) disjoint = false;
  }
  if (disjoint) return concatSamples(byStart.map((p) => p.s));
  // Overlap is the exception (late data re-sent over a stored range), and the parts are few
  // (blocks of one range plus the head), so merging them pairwise, lowest priority first, costs
  // O(parts × samples) with no heap. A stable sort keeps list order among equal priorities.
  const byPriority = [...live].sort((a, b) => a.priority - b.priority);
  let acc = (byPriority[0] as SamplesPart).s;
  for (let i = 1; i < byPriority.length; i++) acc = mergeTwo(acc, (byPriority[i] as SamplesPart).s);
  return acc;
}

/** Concatenates sample runs that are already in time order. */
export function concatSamples(parts: readonly Samples[]): Samples {
  let n = 0;
  for (const p of parts) n += p.length;
  const ts = new Float64Array(n);
  const vs = new Float64Array(n);
  let o = 0;
  for (const p of parts) {
    ts.set(p.ts.subarray(0, p.length), o);
    vs.set(p.vs.subarray(0, p.length), o);
    o += p.length;
  }
  return { length: n, ts, vs };
}

// Merges two sorted runs; `b` wins an equal timestamp.
function mergeTwo(a: Samples, b: Samples): Samples {
  const ts = new Float64Array(a.length + b.length);
  const vs = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) {
    const ta = a.ts[i] as number;
    const tb = b.ts[j] as number;
    if (ta < tb) {
      ts[o] = ta;
      vs[o++] = a.vs[i++] as number;
    } else {
      if (ta === tb) i++;
      ts[o] = tb;
      vs[o++] = b.vs[j++] as number;
    }
  }
  while (i < a.length) {
    ts[o] = a.ts[i] as number;
    vs[o++] = a.vs[i++] as number;
  }
  while (j < b.length) {
    ts[o] = b.ts[j] as number;
    vs[o++] = b.vs[j++] as number;
  }
  return { length: o, ts, vs };
}
