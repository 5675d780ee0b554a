// memory.* gauges from /proc/meminfo.
//
// Matches mackerel-agent metrics/linux/memory.go on top of go-osstat memory/memory_linux.go:
//   every value is the kB figure × 1024 (bytes);
//   always: memory.total, memory.used, memory.swap_total, memory.swap_cached, memory.swap_free;
//   with a MemAvailable line (kernel ≥ 3.14): memory.mem_available, used = total − available;
//   without it: memory.free, memory.buffers, memory.cached, used = total − free − buffers − cached.
// Older agents also posted memory.active/inactive; the current one does not, nor do we.

// meminfo field → index into the parsed array below.
const FIELDS: Record<string, number> = {
  MemTotal: 0,
  MemFree: 1,
  MemAvailable: 2,
  Buffers: 3,
  Cached: 4,
  SwapCached: 5,
  SwapTotal: 6,
  SwapFree: 7,
};

/** Adds the memory.* gauges of one /proc/meminfo text; adds nothing when MemTotal is missing. */
export function addMemoryGauges(text: string, out: Record<string, number>): void {
  const v = [0, 0, 0, 0, 0, 0, 0, 0];
  let hasTotal = false;
  let hasAvailable = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const index = FIELDS[text.slice(start, colon)];
      if (index !== undefined) {
        // "MemTotal:       24684084 kB": go-osstat trims the "kB" and spaces, then × 1024.
        const kb = Number.parseInt(text.slice(colon + 1, end).trim(), 10);
        if (Number.isFinite(kb)) v[index] = kb * 1024;
        if (index === 0) hasTotal = true;
        // go-osstat marks MemAvailable present even if its number failed to parse.
        if (index === 2) hasAvailable = true;
      }
    }
    start = end + 1;
  }
  if (!hasTotal) return;
  const [total = 0, free = 0, available = 0, buffers = 0, cached = 0, swapCached = 0, swapTotal = 0, swapFree = 0] = v;
  out['memory.total'] = total;
  out['memory.used'] = hasAvailable ? total - available : total - free - buffers - cached;
  out['memory.swap_total'] = swapTotal;
  out['memory.swap_cached'] = swapCached;
  out['memory.swap_free'] = swapFree;
  if (hasAvailable) {
    out['memory.mem_available'] = available;
  } else {
    out['memory.buffers'] = buffers;
    out['memory.cached'] = cached;
    out['memory.free'] = free;
  }
}
