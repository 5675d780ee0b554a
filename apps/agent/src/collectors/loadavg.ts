// loadavg1/5/15 gauges from /proc/loadavg.
//
// Matches mackerel-agent metrics/loadavg.go on top of go-osstat loadavg: the first three
// fields of "0.46 0.44 0.20 2/146 7494" are posted as loadavg1, loadavg5, loadavg15.

/** Adds loadavg1, loadavg5 and loadavg15 from one /proc/loadavg text; adds nothing if unreadable. */
export function addLoadavgGauges(text: string, out: Record<string, number>): void {
  const f = text.trim().split(/\s+/);
  const one = Number(f[0]);
  const five = Number(f[1]);
  const fifteen = Number(f[2]);
  if (f.length < 3 || !Number.isFinite(one) || !Number.isFinite(five) || !Number.isFinite(fifteen)) return;
  out.loadavg1 = one;
  out.loadavg5 = five;
  out.loadavg15 = fifteen;
}
