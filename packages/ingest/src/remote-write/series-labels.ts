// The label set of a remote-written series, checked as remote_write 1.0 asks of senders (label
// names unique, sorted, matching [a-zA-Z_][a-zA-Z0-9_]*, no empty name or value, a valid
// `__name__`), and marked as a labelled series (decision 0013).
import { BadDataError, LABELED_LABEL, LABELED_VALUE, type Label, type Labels, METRIC_NAME } from '@saba/model';
import { labelField } from './decode-write-request.ts';

/** The characters of a label name (spec 1.0, "Labels"). */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The characters of a metric name, the value of `__name__` (spec 1.0, "Labels"). */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array, start: number, end: number, what: string): string {
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    throw new BadDataError(`protobuf: ${what} is not valid UTF-8`);
  }
}

/**
 * The labels of series `index` of a request, from its Label fields at `ranges` (pairs of start
 * and end offsets into `bytes`), with LABELED_LABEL added; a BadDataError naming the series
 * when they break the spec's rules or use the reserved label.
 */
export function seriesLabels(bytes: Uint8Array, ranges: readonly number[], index: number): Labels {
  const pairs: Label[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const f = labelField(bytes, ranges[i] as number, ranges[i + 1] as number);
    pairs.push({
      name: text(bytes, f.nameStart, f.nameEnd, 'a label name'),
      value: text(bytes, f.valueStart, f.valueEnd, 'a label value'),
    });
  }
  const problem = labelsProblem(pairs);
  if (problem !== undefined) throw new BadDataError(`series ${index} ${describeLabels(pairs)}: ${problem}`);
  return withMark(pairs);
}

/** What is wrong with a sender's label pairs (in wire order), or undefined when they are valid. */
export function labelsProblem(pairs: readonly Label[]): string | undefined {
  let name: string | undefined;
  for (let i = 0; i < pairs.length; i++) {
    const l = pairs[i] as Label;
    if (l.name === '') return 'a label name is empty';
    if (!LABEL_NAME_PATTERN.test(l.name))
      return `label name ${quote(l.name)} has characters outside [a-zA-Z0-9_] or starts with a digit`;
    if (l.value === '') return `label ${quote(l.name)} has an empty value`;
    if (l.name === LABELED_LABEL) return `label name ${quote(LABELED_LABEL)} is reserved by Saba`;
    if (i > 0) {
      const prev = (pairs[i - 1] as Label).name;
      // Names are ASCII (checked above), so UTF-16 order is byte order, as the spec sorts.
      if (l.name === prev) return `label name ${quote(l.name)} appears more than once`;
      if (l.name < prev) return `labels are not sorted by name (${quote(l.name)} after ${quote(prev)})`;
    }
    if (l.name === METRIC_NAME) name = l.value;
  }
  if (name === undefined) return `the label ${quote(METRIC_NAME)} (the metric name) is missing`;
  if (!METRIC_NAME_PATTERN.test(name))
    return `metric name ${quote(name)} has characters outside [a-zA-Z0-9_:] or starts with a digit`;
  return undefined;
}

/** Sorted, valid pairs with `__saba_labeled__="1"` inserted in its sorted place. */
function withMark(pairs: readonly Label[]): Labels {
  const out: Label[] = [];
  let marked = false;
  for (const l of pairs) {
    if (!marked && l.name > LABELED_LABEL) {
      out.push(MARK);
      marked = true;
    }
    out.push(l);
  }
  if (!marked) out.push(MARK);
  return out;
}

const MARK: Label = { name: LABELED_LABEL, value: LABELED_VALUE };

/** `{a="b", ...}` for an error message, cut short so that a huge label set cannot swell the answer. */
function describeLabels(pairs: readonly Label[]): string {
  const s = `{${pairs.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
  return s.length > 200 ? `${s.slice(0, 200)}…}` : s;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}
