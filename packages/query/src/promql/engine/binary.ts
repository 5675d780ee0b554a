/*
 * Binary operators: arithmetic, comparison (filtering, or 0/1 with `bool`) and the set operators,
 * between scalars and vectors, with vector matching by `on` / `ignoring` and `group_left` /
 * `group_right`. Arithmetic and `bool` comparisons drop the metric name (Prometheus 3 without
 * delayed name removal); a comparison that filters keeps the left side's sample as it is.
 */
import type { BinaryExpr, BinaryOp, VectorMatching } from '../ast.ts';
import { evalError } from './context.ts';
import {
  assertUniqueLabels,
  dropName,
  keyOf,
  labelsString,
  projectLabels,
  type Sample,
  type Value,
  withLabel,
} from './values.ts';

const COMPARISON = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);

// Go's math.Pow differs from JavaScript's ** on a few edges that PromQL answers show.
function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY)) return 1;
  return x ** y;
}

/** Applies an arithmetic or comparison operator to two floats; for comparisons 1/0 stands for keep/drop. */
export function scalarOp(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '^':
      return pow(a, b);
    case 'atan2':
      return Math.atan2(a, b);
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    default:
      return evalError(`operator ${JSON.stringify(op)} not allowed for floats`);
  }
}

/** Evaluates a binary expression given its evaluated operands. */
export function binary(e: BinaryExpr, lhs: Value, rhs: Value): Value {
  const cmp = COMPARISON.has(e.op);
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    return { kind: 'scalar', value: scalarOp(e.op, lhs.value, rhs.value) };
  }
  if (lhs.kind === 'vector' && rhs.kind === 'vector') {
    const matching: VectorMatching = e.matching ?? { card: 'one-to-one', on: false, labels: [], include: [] };
    if (e.op === 'and' || e.op === 'or' || e.op === 'unless') return setOp(e.op, lhs.samples, rhs.samples, matching);
    return vectorBinop(e, lhs.samples, rhs.samples, matching);
  }
  const swap = lhs.kind === 'scalar';
  const vec = (swap ? rhs : lhs) as { kind: 'vector'; samples: Sample[] };
  const scalar = ((swap ? lhs : rhs) as { kind: 'scalar'; value: number }).value;
  const out: Sample[] = [];
  for (const s of vec.samples) {
    const a = swap ? scalar : s.value;
    const b = swap ? s.value : scalar;
    let v = scalarOp(e.op, a, b);
    if (cmp) {
      if (e.returnBool) {
        out.push({ labels: dropName(s.labels), value: v });
        continue;
      }
      if (v === 0) continue;
      // A comparison keeps the vector's value, whichever side it stands on.
      v = s.value;
      out.push({ labels: s.labels, value: v });
      continue;
    }
    out.push({ labels: dropName(s.labels), value: v });
  }
  assertUniqueLabels(out);
  return { kind: 'vector', samples: out };
}

function signature(m: VectorMatching): (s: Sample) => string {
  return (s) => keyOf(projectLabels(s.labels, m.labels, m.on));
}

function setOp(op: 'and' | 'or' | 'unless', lhs: Sample[], rhs: Sample[], m: VectorMatching): Value {
  const sig = signature(m);
  if (op === 'or') {
    const left = new Set(lhs.map(sig));
    return { kind: 'vector', samples: [...lhs, ...rhs.filter((s) => !left.has(sig(s)))] };
  }
  const right = new Set(rhs.map(sig));
  const keep = op === 'and';
  return { kind: 'vector', samples: lhs.filter((s) => right.has(sig(s)) === keep) };
}

function vectorBinop(e: BinaryExpr, lhs: Sample[], rhs: Sample[], m: VectorMatching): Value {
  if (lhs.length === 0 || rhs.length === 0) return { kind: 'vector', samples: [] };
  const cmp = COMPARISON.has(e.op);
  const sig = signature(m);
  const swapSides = m.card === 'one-to-many';
  const many = swapSides ? rhs : lhs;
  const one = swapSides ? lhs : rhs;
  const oneBySig = new Map<string, Sample>();
  for (const s of one) {
    const k = sig(s);
    const dup = oneBySig.get(k);
    if (dup !== undefined) {
      const side = swapSides ? 'left' : 'right';
      evalError(
        `found duplicate series for the match group ${labelsString(projectLabels(s.labels, m.labels, m.on))} on the ${side} hand-side of the operation: [${labelsString(s.labels)}, ${labelsString(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    oneBySig.set(k, s);
  }
  const matched = new Map<string, Set<string> | null>();
  const out: Sample[] = [];
  for (const ms of many) {
    const k = sig(ms);
    const os = oneBySig.get(k);
    if (os === undefined) continue;
    const l = swapSides ? os : ms;
    const r = swapSides ? ms : os;
    // Checked before a comparison filters: a many-to-one pairing is an error even if filtered away.
    if (m.card === 'one-to-one') {
      if (matched.has(k))
        evalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      matched.set(k, null);
    }
    let v = scalarOp(e.op, l.value, r.value);
    if (cmp && !e.returnBool) {
      if (v === 0) continue;
      v = l.value;
    }
    let labels = resultLabels(ms.labels, os.labels, e, m);
    if (e.returnBool) labels = dropName(labels);
    if (m.card !== 'one-to-one') {
      let inserted = matched.get(k);
      if (inserted == null) {
        inserted = new Set();
        matched.set(k, inserted);
      }
      const lk = keyOf(labels);
      if (inserted.has(lk)) evalError('multiple matches for labels: grouping labels must ensure unique results');
      inserted.add(lk);
    }
    out.push({ labels, value: v });
  }
  assertUniqueLabels(out);
  return { kind: 'vector', samples: out };
}

function resultLabels(
  many: Sample['labels'],
  one: Sample['labels'],
  e: BinaryExpr,
  m: VectorMatching,
): Sample['labels'] {
  let labels = many;
  if (!COMPARISON.has(e.op)) labels = dropName(labels);
  if (m.card === 'one-to-one') {
    labels = m.on ? labels.filter((l) => m.labels.includes(l.name)) : labels.filter((l) => !m.labels.includes(l.name));
  }
  for (const name of m.include) {
    const v = one.find((l) => l.name === name)?.value ?? '';
    labels = withLabel(labels, name, v);
  }
  return labels;
}
