import { open } from 'node:fs/promises';
import type { MixSeries } from '../datagen/mix.ts';
import type { SeriesData } from './mix-data.ts';

/** A half-open time window [fromMs, toMs). */
export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** What a write produced. */
export interface OpenMetricsStats {
  readonly series: number;
  readonly samples: number;
  readonly bytes: number;
}

// Lines are gathered into strings of about 1 MiB before each write: large enough that the
// syscalls cost nothing next to formatting, small enough that 800 MB of text never sits in memory.
const FLUSH_CHARS = 1 << 20;

/**
 * Writes `data` (only samples inside `window`, when given) as an OpenMetrics text file that
 * `promtool tsdb create-blocks-from openmetrics` reads. Series are grouped by metric family, as
 * the format asks: the mix deals one name out to every host, so input order interleaves families.
 */
export async function writeOpenMetrics(
  path: string,
  data: readonly SeriesData[],
  window?: TimeWindow,
): Promise<OpenMetricsStats> {
  const families = new Map<string, SeriesData[]>();
  for (const d of data) {
    const list = families.get(d.series.name);
    if (list === undefined) families.set(d.series.name, [d]);
    else list.push(d);
  }
  const fromMs = window?.fromMs ?? Number.NEGATIVE_INFINITY;
  const toMs = window?.toMs ?? Number.POSITIVE_INFINITY;
  const file = await open(path, 'w');
  let buf = '';
  let bytes = 0;
  let series = 0;
  let samples = 0;
  const flush = async (): Promise<void> => {
    const chunk = Buffer.from(buf, 'utf8');
    bytes += chunk.length;
    buf = '';
    await file.write(chunk);
  };
  try {
    for (const [name, list] of families) {
      let typed = false;
      for (const { series: s, samples: ss } of list) {
        const prefix = `${seriesText(s)} `;
        let wrote = false;
        for (let i = 0; i < ss.ts.length; i++) {
          const t = ss.ts[i] as number;
          if (t < fromMs || t >= toMs) continue;
          if (!typed) {
            buf += `# TYPE ${name} ${s.kind === 'counter' ? 'counter' : 'gauge'}\n`;
            typed = true;
          }
          buf += `${prefix}${formatValue(ss.vs[i] as number)} ${formatTimestamp(t)}\n`;
          wrote = true;
          samples++;
          if (buf.length >= FLUSH_CHARS) await flush();
        }
        if (wrote) series++;
      }
    }
    buf += '# EOF\n';
    await flush();
  } finally {
    await file.close();
  }
  return { series, samples, bytes };
}

/** `name{label="value",...}` with OpenMetrics escaping of `\`, `"` and newline in values. */
export function seriesText(s: MixSeries): string {
  const pairs = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return pairs.length === 0 ? s.name : `${s.name}{${pairs.join(',')}}`;
}

function escapeLabelValue(v: string): string {
  return v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/**
 * A float64 as text that Go's strconv.ParseFloat reads back to the same bits: JS `String` gives
 * the shortest round-trip digits (`1e+21` and `5e-7` parse in Go too); -0, NaN and ±Inf are
 * spelled out because `String(-0)` is `0`.
 */
export function formatValue(v: number): string {
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : String(v);
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? '+Inf' : '-Inf';
}

/**
 * A millisecond timestamp as OpenMetrics seconds. Prometheus 2.42 reads it as `int64(f * 1000)`,
 * which truncates, and `ms / 1000 * 1000` falls just short for about 0.6 % of millisecond values
 * (1.001 s gives 1000.9999999999999). Half a millisecond more keeps truncation on the right
 * integer: the float error at 1.7e12 ms is 2.4e-4 ms, far below 0.5. Whole seconds never need it.
 */
export function formatTimestamp(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`timestamp ${ms} is not a non-negative integer ms`);
  const exact = String(ms / 1000);
  if (Math.trunc(Number(exact) * 1000) === ms) return exact;
  return String((ms + 0.5) / 1000);
}
