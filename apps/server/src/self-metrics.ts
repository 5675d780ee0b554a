import type { Tsdb } from '@saba/tsdb';

// Request latency buckets in seconds: agent posts should sit well under 50 ms at p99.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

/** Adds one observation of `seconds` to the histogram of `key` in `by`. */
function observe(by: Map<string, Histogram>, key: string, seconds: number): void {
  let h = by.get(key);
  if (h === undefined) {
    h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    by.set(key, h);
  }
  for (let i = 0; i < BUCKETS.length; i++)
    if (seconds <= (BUCKETS[i] as number)) h.counts[i] = (h.counts[i] as number) + 1;
  h.sum += seconds;
  h.count++;
}

/** The exposition lines of histogram `name`, one set per value of the label `label`. */
function histogramLines(out: string[], name: string, help: string, label: string, by: Map<string, Histogram>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const [value, h] of [...by].sort()) {
    for (let i = 0; i < BUCKETS.length; i++) {
      out.push(`${name}_bucket{${label}="${value}",le="${BUCKETS[i]}"} ${h.counts[i]}`);
    }
    out.push(`${name}_bucket{${label}="${value}",le="+Inf"} ${h.count}`);
    out.push(`${name}_sum{${label}="${value}"} ${h.sum}`);
    out.push(`${name}_count{${label}="${value}"} ${h.count}`);
  }
}

/** Saba's own metrics, exposed at `/metrics` in Prometheus's text format (version 0.0.4). */
export class SelfMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly grpcCalls = new Map<string, number>();
  private readonly grpcLatency = new Map<string, Histogram>();
  private readonly startedAt = Date.now() / 1000;

  constructor(private readonly tsdb: Tsdb) {}

  /** Counts one answered API request. */
  observeRequest(route: string, status: number, seconds: number): void {
    const key = `${route}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    observe(this.latency, route, seconds);
  }

  /** Counts one ended OTLP/gRPC call: its method, the grpc-status it ended with, and how long it took. */
  observeGrpcCall(method: string, code: number, seconds: number): void {
    const key = `${method}\u0000${code}`;
    this.grpcCalls.set(key, (this.grpcCalls.get(key) ?? 0) + 1);
    observe(this.grpcLatency, method, seconds);
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    const s = this.tsdb.stats();
    const gauge = (name: string, help: string, v: number, type = 'gauge') => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${v}`);
    };
    gauge('saba_start_time_seconds', 'When the server started, in Unix seconds.', this.startedAt);
    gauge('saba_tsdb_series', 'Series known to the time-series engine.', s.series);
    gauge('saba_tsdb_head_series', 'Series with data in the in-memory head.', s.headSeries);
    gauge('saba_tsdb_blocks', 'Persisted blocks.', s.blocks);
    gauge('saba_tsdb_wal_bytes', 'Bytes of write-ahead log on disk.', s.walBytes);
    gauge('saba_tsdb_samples_appended_total', 'Samples accepted since start.', s.samplesAppended, 'counter');
    gauge(
      'saba_tsdb_samples_out_of_window_total',
      'Samples dropped as too old or too far ahead (Mackerel answers 200 for them).',
      s.samplesOutOfWindow,
      'counter',
    );
    out.push(
      '# HELP saba_http_requests_total API requests answered, by route and status.',
      '# TYPE saba_http_requests_total counter',
    );
    for (const [key, n] of [...this.requests].sort()) {
      const [route, status] = key.split('\u0000');
      out.push(`saba_http_requests_total{route="${route}",status="${status}"} ${n}`);
    }
    histogramLines(out, 'saba_http_request_duration_seconds', 'API request latency, by route.', 'route', this.latency);
    const errors = [...this.requests]
      .filter(([k]) => Number(k.split('\u0000')[1]) >= 500)
      .reduce((a, [, n]) => a + n, 0);
    gauge('saba_http_server_errors_total', 'API requests answered with a 5xx status.', errors, 'counter');
    out.push(
      '# HELP saba_grpc_requests_total OTLP/gRPC calls ended, by method and grpc-status.',
      '# TYPE saba_grpc_requests_total counter',
    );
    for (const [key, n] of [...this.grpcCalls].sort()) {
      const [method, status] = key.split('\u0000');
      out.push(`saba_grpc_requests_total{method="${method}",status="${status}"} ${n}`);
    }
    histogramLines(
      out,
      'saba_grpc_request_duration_seconds',
      'OTLP/gRPC call latency, from its headers to its status, by method.',
      'method',
      this.grpcLatency,
    );
    return `${out.join('\n')}\n`;
  }
}
