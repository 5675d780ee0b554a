/** One label pair of a series. */
export interface Label {
  readonly name: string;
  readonly value: string;
}

/** A series identity: label pairs sorted by name, names unique, no empty values. */
export type Labels = readonly Label[];

/** The label that holds a series' metric name. */
export const METRIC_NAME = '__name__';

/** Builds sorted labels from a plain object, dropping empty values (as Prometheus does). */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  const out: Label[] = [];
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (value !== undefined && value !== '') out.push({ name, value });
  }
  return out.sort(compareLabel);
}

/** Returns the labels as a plain object. */
export function labelsToRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

/** Returns the value of label `name`, or undefined. */
export function labelValue(labels: Labels, name: string): string | undefined {
  for (const l of labels) if (l.name === name) return l.value;
  return undefined;
}

/** A string that identifies the label set exactly: each name and value length-prefixed, so no value can forge another set's key. */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const l of labels) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return key;
}

/** Orders two label sets as Prometheus does: pair by pair, name then value. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabel(a[i] as Label, b[i] as Label);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareLabel(a: Label, b: Label): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return 0;
}

/** Renders labels as `name{a="b", ...}` for messages and logs. */
export function formatLabels(labels: Labels): string {
  const name = labelValue(labels, METRIC_NAME) ?? '';
  const rest = labels.filter((l) => l.name !== METRIC_NAME).map((l) => `${l.name}=${JSON.stringify(l.value)}`);
  return `${name}{${rest.join(', ')}}`;
}
