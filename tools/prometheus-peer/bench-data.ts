/**
 * The data and query every side-by-side benchmark uses, for Saba and Prometheus alike: one
 * definition, so the two engines can never be measured on different data.
 *
 * 4,000 series × 2 days at 60 s: 11.52 M samples, 24 blocks of 2 h as imported. The series
 * start 30 s past the hour so that the ±1 s jitter never pushes a sample into the previous block.
 */
export const BENCH_SIZE = { series: 4_000, startMs: Date.UTC(2024, 0, 1, 0, 0, 30), count: 2_880 } as const;

/** host7 has exactly 100 series (the mix puts 100 on each host); 24 h crossing block boundaries. */
export const BENCH_QUERY = {
  query: '{host="host7"}',
  startMs: Date.UTC(2024, 0, 1, 12),
  endMs: Date.UTC(2024, 0, 2, 12),
  stepMs: 60_000,
} as const;
