// `POST /api/v0/tsdb` bodies read straight from the request bytes into the checked items that
// parseHostMetrics returns. Decoding and JSON.parse of an agent batch took up to half the
// server's budget of 2.86 µs a value at 350,000 values per CPU-second, and parseHostMetrics then
// walked every object again (ingest.bench.ts); this reads and checks each byte once. It accepts
// only the plain form agents send: the four keys once each in any order, ASCII strings without
// escapes, any JSON number, whitespace. Anything else, well-formed or not, is `undefined`, and
// the caller falls back to JSON.parse and parseHostMetrics, which accept the rest and word the
// errors; so the scanner never answers differently from that path, it only answers less often.
import type { HostId } from '@saba/model';
import type { HostMetrics, HostMetricValue } from './parse-host-metrics.ts';
import { scanName } from './scan-name.ts';
import { type ScanEnd, scanNumber } from './scan-number.ts';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

// The keys of an item, as bits of a seen-mask.
const HOST_ID = 1;
const NAME = 2;
const TIME = 4;
const VALUE = 8;
const ALL_KEYS = HOST_ID | NAME | TIME | VALUE;

/**
 * Reads a host metric body from its bytes, or returns `undefined` when the body is not in the
 * plain form this reads, is not valid, or holds more than `maxItems` values: the caller then
 * parses it as JSON with parseHostMetrics, which stores the same or throws the error. Never throws.
 */
export function scanHostMetrics(body: Uint8Array, maxItems: number): HostMetrics | undefined {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const at: ScanEnd = { end: 0 };
  const items: HostMetricValue[] = [];
  const hostIds = new Set<HostId>();
  let hostId = '' as HostId;
  let lastHost = -1;
  let lastHostLength = 0;
  // Each token's first byte is read once into `c`, and whitespace is skipped only when that byte
  // could be some: agents send none, and reading every byte twice cost ~8 % of the scan.
  let i = skipSpace(b, 0);
  if (b[i] !== OPEN_ARRAY) return undefined;
  i = skipSpace(b, i + 1);
  let c = b[i] as number;
  if (c === CLOSE_ARRAY) {
    i++;
  } else {
    for (;;) {
      // Past maxItems the slow path words the LimitError (with the full count).
      if (items.length === maxItems || c !== OPEN_OBJECT) return undefined;
      i++;
      let seen = 0;
      let host = 0;
      let hostLength = 0;
      let sameHost = false;
      let name = '';
      let time = 0;
      let value = 0;
      for (;;) {
        c = b[i] as number;
        if (c <= 0x20) {
          i = skipSpace(b, i);
          c = b[i] as number;
        }
        if (c !== QUOTE) return undefined;
        const key = keyAt(b, i + 1);
        if (key === 0 || (seen & key) !== 0) return undefined;
        seen |= key;
        i += keyBytes(key);
        c = b[i] as number;
        if (c <= 0x20) {
          i = skipSpace(b, i);
          c = b[i] as number;
        }
        if (c !== COLON) return undefined;
        i++;
        if ((b[i] as number) <= 0x20) i = skipSpace(b, i);
        if (key === HOST_ID) {
          // Most items repeat the previous item's host: one pass over the bytes settles it.
          sameHost =
            lastHost >= 0 &&
            b[i] === QUOTE &&
            sameBytes(b, i + 1, lastHost, lastHostLength) &&
            b[i + 1 + lastHostLength] === QUOTE;
          if (sameHost) {
            i += lastHostLength + 2;
          } else {
            const end = stringEnd(b, i);
            if (end < 0) return undefined;
            host = i + 1;
            hostLength = end - 1 - host;
            // An empty hostId is refused; the slow path says so.
            if (hostLength === 0) return undefined;
            i = end;
          }
        } else if (key === NAME) {
          const scanned = scanName(b, i);
          if (scanned === undefined) return undefined;
          name = scanned;
          i += name.length + 2;
        } else {
          const v = scanNumber(b, i, at);
          if (at.end < 0 || !Number.isFinite(v)) return undefined;
          // The rule of checkNameTimeValue: whole milliseconds must stay safe integers.
          if (key === TIME && !Number.isSafeInteger(Math.floor(v) * 1000)) return undefined;
          if (key === TIME) time = v;
          else value = v;
          i = at.end;
        }
        c = b[i] as number;
        if (c <= 0x20) {
          i = skipSpace(b, i);
          c = b[i] as number;
        }
        i++;
        if (c === CLOSE_OBJECT) break;
        if (c !== COMMA) return undefined;
      }
      if (seen !== ALL_KEYS) return undefined;
      // Consecutive values of one host share its string: the id is decoded once per run.
      if (!sameHost) {
        hostId = b.toString('latin1', host, host + hostLength) as HostId;
        hostIds.add(hostId);
        lastHost = host;
        lastHostLength = hostLength;
      }
      items.push({ hostId, name, time, value });
      c = b[i] as number;
      if (c <= 0x20) {
        i = skipSpace(b, i);
        c = b[i] as number;
      }
      i++;
      if (c === CLOSE_ARRAY) break;
      if (c !== COMMA) return undefined;
      c = b[i] as number;
      if (c <= 0x20) {
        i = skipSpace(b, i);
        c = b[i] as number;
      }
    }
  }
  if (skipSpace(b, i) !== b.length) return undefined;
  return { items, hostIds: [...hostIds] };
}

/** The index of the first byte at or after `i` that is not JSON whitespace. */
function skipSpace(b: Buffer, i: number): number {
  // Agents send no whitespace: one comparison settles the usual case (this call was 9 % of the scan).
  let c = b[i] as number;
  while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = b[++i] as number;
  return i;
}

/**
 * Whether the `length` bytes at `x` and at `y` are equal. A loop: for 31 bytes it took 60-80 ns
 * where Buffer.compare, a call into C++, took 130-230 ns.
 */
function sameBytes(b: Buffer, x: number, y: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (b[x + k] !== b[y + k]) return false;
  return true;
}

/** The key (a bit) whose name and closing quote start at `b[i]` (just past the opening quote), or 0 for any other. */
function keyAt(b: Buffer, i: number): number {
  switch (b[i]) {
    case 0x68: // hostId"
      return b[i + 1] === 0x6f &&
        b[i + 2] === 0x73 &&
        b[i + 3] === 0x74 &&
        b[i + 4] === 0x49 &&
        b[i + 5] === 0x64 &&
        b[i + 6] === QUOTE
        ? HOST_ID
        : 0;
    case 0x6e: // name"
      return b[i + 1] === 0x61 && b[i + 2] === 0x6d && b[i + 3] === 0x65 && b[i + 4] === QUOTE ? NAME : 0;
    case 0x74: // time"
      return b[i + 1] === 0x69 && b[i + 2] === 0x6d && b[i + 3] === 0x65 && b[i + 4] === QUOTE ? TIME : 0;
    case 0x76: // value"
      return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x75 && b[i + 4] === 0x65 && b[i + 5] === QUOTE
        ? VALUE
        : 0;
    default:
      return 0;
  }
}

/** The bytes of a key, quotes included. */
function keyBytes(key: number): number {
  return key === HOST_ID ? 8 : key === VALUE ? 7 : 6;
}

/**
 * The index past the string starting at `b[i]`, or -1 unless it is a string of printable ASCII
 * without escapes (control bytes are invalid JSON; escapes and UTF-8 are left to JSON.parse).
 */
function stringEnd(b: Buffer, i: number): number {
  if (b[i] !== QUOTE) return -1;
  for (let j = i + 1; ; j++) {
    const c = b[j];
    if (c === QUOTE) return j + 1;
    if (c === undefined || c < 0x20 || c >= 0x80 || c === 0x5c) return -1;
  }
}
