// `*` matches one dot-free segment, as in Mackerel graph definitions (`[-a-zA-Z0-9_]+`).
const SEGMENT = '[-a-zA-Z0-9_]+';

/** Compiles a metric pattern such as `custom.foo.*` into an anchored regular expression. */
export function metricPatternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join(SEGMENT);
  return new RegExp(`^${body}$`);
}

/** Whether a metric name matches a pattern with `*` wildcards. */
export function matchMetric(pattern: string, name: string): boolean {
  return metricPatternRegExp(pattern).test(name);
}
