// interface.<if>.rxBytes.delta / txBytes.delta counters from /proc/net/dev.
//
// Matches mackerel-agent metrics/interface.go (+ go-osstat network/network_linux.go):
//   - a line is "name: 16 numbers"; lines without ':' (the two headers) or with < 16
//     numbers are skipped;
//   - "lo" is skipped (go-osstat, on the raw name);
//   - the name is sanitised ("eth0.100" → "eth0_100") and names starting "veth" are skipped
//     (one per container, they come and go);
//   - [interfaces] ignore is tested against the sanitised name;
//   - rxBytes = 1st number, txBytes = 9th; interfaces whose counters are all zero are still
//     posted (the go-osstat based collector dropped the old all-zero filter);
//   - rate = Δ / interval seconds, skipped when a counter went down (`currValue >= prevValue`).
import type { CounterPair } from './counter-rate.ts';
import { matchesIgnore, sanitizeMetricKey } from './metric-key.ts';

const NUMBERS_PER_LINE = 16;
const TX_BYTES = 8;

/** Parses /proc/net/dev into sanitised name → [rxBytes, txBytes], applying the agent's filters. */
export function parseNetDev(text: string, ignore?: RegExp): Map<string, CounterPair> {
  const out = new Map<string, CounterPair>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const raw = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (f.length < NUMBERS_PER_LINE || raw === 'lo') continue;
    const name = sanitizeMetricKey(raw);
    if (name.startsWith('veth') || matchesIgnore(ignore, name)) continue;
    const rx = Number(f[0]);
    const tx = Number(f[TX_BYTES]);
    if (!Number.isFinite(rx) || !Number.isFinite(tx)) continue;
    out.set(name, [rx, tx]);
  }
  return out;
}

/** Metric-name suffixes of the two interface counters. */
export const INTERFACE_SUFFIXES = ['.rxBytes.delta', '.txBytes.delta'] as const;
