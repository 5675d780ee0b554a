// mkr's times: Go's layout "2006-01-02T15:04:05-07:00" (format.ISO8601Extended) in local time, so
// UTC is written "+00:00", never "Z".

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Epoch seconds as ISO 8601 extended in the process's time zone, e.g. `2024-05-01T09:30:00+09:00`. */
export function isoExtended(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return `${date}T${time}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
