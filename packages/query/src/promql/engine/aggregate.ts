/*
 * Aggregation operators over an instant vector, grouped `by` or `without` labels: sum and avg with
 * compensated summation, count, min, max, group, stddev/stdvar (incremental mean), topk/bottomk
 * (keep whole samples, sorted within the group), quantile (interpolated between ranks) and
 * count_values. Groups come out in the order their first sample came in.
 */
import type { Labels } from '@saba/model';
import type { AggregateExpr } from '../ast.ts';
import type { EvalContext } from './context.ts';
import { evalError } from './context.ts';
import { formatFloat, goQuote, hasInvalidUtf8 } from './format.ts';
import { groupLabels, type StepGroups, stepGroups } from './groups.ts';
import { kahanIncAt, quantileOf } from './kahan.ts';
import { keyOf, type Sample, type Value, withLabel } from './values.ts';

/** Evaluates an aggregation at time `t`. */
export function aggregate(e: AggregateExpr, t: number, ctx: EvalContext): Value {
  let param: Value | null = null;
  if (e.param !== null) param = ctx.evaluate(e.param, t, ctx);
  const v = ctx.evaluate(e.expr, t, ctx);
  if (v.kind !== 'vector') return evalError(`aggregation over ${v.kind} is not supported`);
  if (e.op === 'count_values') {
    const label = param?.kind === 'string' ? param.value : '';
    if (label === '' || hasInvalidUtf8(label)) evalError(`invalid label name ${goQuote(label)}`);
    return countValues(e, v.samples, label);
  }
  let numParam = param?.kind === 'scalar' ? param.value : Number.NaN;
  if (e.op === 'topk' || e.op === 'bottomk') {
    if (Number.isNaN(numParam)) evalError('Parameter value is NaN');
    if (numParam > 2 ** 63 || numParam < -(2 ** 63)) evalError(`Scalar value ${numParam} overflows int64`);
    numParam = Math.trunc(numParam);
  }
  if (e.op === 'quantile' && (Number.isNaN(numParam) || numParam < 0 || numParam > 1)) {
    ctx.warnings.add(`PromQL warning: quantile value should be between 0 and 1, got ${formatFloat(numParam, 'g')}`);
  }
  const groups = stepGroups(e, v.samples);
  if (FOLDED.has(e.op)) return { kind: 'vector', samples: fold(e.op, v.samples, groups) };
  const members: Sample[][] = groups.labels.map(() => []);
  for (let i = 0; i < v.samples.length; i++) members[groups.slotOf[i] as number]?.push(v.samples[i] as Sample);
  const out: Sample[] = [];
  for (let j = 0; j < members.length; j++) {
    const samples = members[j] as Sample[];
    if (e.op === 'topk' || e.op === 'bottomk') out.push(...topk(samples, numParam, e.op === 'topk'));
    else if (e.op === 'quantile') {
      const value = quantileOf(
        numParam,
        samples.map((s) => s.value),
      );
      out.push({ labels: groups.labels[j] as Labels, value });
    } else evalError(`aggregation ${e.op} is not supported`);
  }
  return { kind: 'vector', samples: out };
}

/** The operators folded sample by sample into a running value per group (the others keep whole samples). */
const FOLDED: ReadonlySet<AggregateExpr['op']> = new Set([
  'sum',
  'avg',
  'count',
  'group',
  'min',
  'max',
  'stddev',
  'stdvar',
]);

/**
 * Folds each group's samples, in the order they came, into running state indexed by slot: no list
 * of samples per group and no object per group but its answer (a list per group and step was a
 * third of `sum by`'s evaluation, docs/benchmarks.md "query_range").
 * `sum` and `avg` are compensated sums; `avg` turns to an incremental mean once the sum would
 * overflow, and stddev/stdvar keep an incremental mean, all as Prometheus 3.
 */
function fold(op: AggregateExpr['op'], samples: readonly Sample[], groups: StepGroups): Sample[] {
  const k = groups.labels.length;
  const { count, acc, aux, mean, incremental } = groups.state;
  count.fill(0, 0, k);
  aux.fill(0, 0, k);
  incremental.fill(0, 0, k);
  for (let i = 0; i < samples.length; i++) {
    const j = groups.slotOf[i] as number;
    const f = (samples[i] as Sample).value;
    const n = (count[j] as number) + 1;
    count[j] = n;
    if (n === 1) {
      acc[j] = f;
      // A lone NaN or infinity has no defined spread.
      if ((op === 'stddev' || op === 'stdvar') && !Number.isFinite(f)) aux[j] = Number.NaN;
      continue;
    }
    switch (op) {
      case 'sum':
        kahanIncAt(f, acc, aux, j);
        break;
      case 'avg': {
        if (incremental[j] === 0) {
          const sum = acc[j] as number;
          const c = aux[j] as number;
          kahanIncAt(f, acc, aux, j);
          if (Number.isFinite(acc[j]) || Number.isNaN(acc[j])) break;
          incremental[j] = 1;
          mean[j] = sum / (n - 1);
          aux[j] = c / (n - 1);
        }
        const q = (n - 1) / n;
        mean[j] = q * (mean[j] as number);
        aux[j] = q * (aux[j] as number);
        kahanIncAt(f / n, mean, aux, j);
        break;
      }
      case 'min':
      case 'max': {
        const m = acc[j] as number;
        if (Number.isNaN(m) || (op === 'max' ? f > m : f < m)) acc[j] = f;
        break;
      }
      case 'stddev':
      case 'stdvar': {
        const delta = f - (acc[j] as number);
        acc[j] = (acc[j] as number) + delta / n;
        aux[j] = (aux[j] as number) + delta * (f - (acc[j] as number));
        break;
      }
    }
  }
  const out: Sample[] = new Array(k);
  for (let j = 0; j < k; j++) {
    const n = count[j] as number;
    let value: number;
    switch (op) {
      case 'sum':
        value = (acc[j] as number) + (aux[j] as number);
        break;
      case 'avg':
        value =
          incremental[j] === 1
            ? (mean[j] as number) + (aux[j] as number)
            : ((acc[j] as number) + (aux[j] as number)) / n;
        break;
      case 'count':
        value = n;
        break;
      case 'group':
        value = 1;
        break;
      case 'stddev':
      case 'stdvar':
        value = (aux[j] as number) / n;
        if (op === 'stddev') value = Math.sqrt(value);
        break;
      default:
        value = acc[j] as number;
    }
    out[j] = { labels: groups.labels[j] as Labels, value };
  }
  return out;
}

// NaN ranks below every number for topk and above every number for bottomk, as in Prometheus.
function topk(samples: Sample[], k: number, top: boolean): Sample[] {
  if (k < 1) return [];
  const sorted = [...samples].sort((a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return top ? b.value - a.value : a.value - b.value;
  });
  return sorted.slice(0, k);
}

function countValues(e: AggregateExpr, samples: Sample[], label: string): Value {
  const counts = new Map<string, Sample>();
  for (const s of samples) {
    const labels = withLabel(groupLabels(e, s.labels), label, formatFloat(s.value, 'f'));
    const k = keyOf(labels);
    const prev = counts.get(k);
    if (prev) prev.value++;
    else counts.set(k, { labels, value: 1 });
  }
  return { kind: 'vector', samples: [...counts.values()] };
}
