// PromQL string literals: Go's escape rules for reading (strconv.Unquote) and writing (strconv.Quote).

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** Thrown by `unquote` with the offset (inside the literal) of the bad escape. */
export class EscapeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Unescapes a string literal's body (without its quotes). `quote` is the delimiter: only it may be
 * escaped besides the usual letters; a backtick body is returned as is. Escapes build UTF-8 bytes, and
 * bytes that do not decode are kept as lone surrogates U+DC80..U+DCFF so that invalid UTF-8 stays visible.
 */
export function unquote(body: string, quote: '"' | "'" | '`'): string {
  if (quote === '`' || !body.includes('\\')) return body;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c !== '\\') {
      const cp = body.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(ch));
      i += ch.length;
      continue;
    }
    const e = body[i + 1] ?? '';
    const simple = e === quote ? quote.charCodeAt(0) : SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new EscapeError('invalid escape sequence', i);
      const value = Number.parseInt(hex, 16);
      if (e === 'x') bytes.push(value);
      else {
        if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000))
          throw new EscapeError('escape sequence is an invalid Unicode code point', i);
        bytes.push(...encoder.encode(String.fromCodePoint(value)));
      }
      i += 2 + n;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) throw new EscapeError('invalid escape sequence', i);
      const value = Number.parseInt(oct, 8);
      if (value > 255) throw new EscapeError('octal escape value > 255', i);
      bytes.push(value);
      i += 4;
      continue;
    }
    throw new EscapeError('unknown escape sequence', i);
  }
  return decodeUtf8Lossless(bytes);
}

// Decodes UTF-8, mapping each byte of an invalid sequence to U+DC80 + (byte - 0x80), as Python's
// "surrogateescape" does, so no information is lost and the result is detectably ill-formed.
function decodeUtf8Lossless(bytes: number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let cp = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    const min = len === 3 ? 0x800 : len === 4 ? 0x10000 : 0x80;
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000)) {
      out += String.fromCodePoint(cp);
      i += len;
    } else {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return out;
}

/** True when the string holds a lone surrogate, i.e. came from bytes that are not valid UTF-8. */
export function hasInvalidUtf8(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Quotes a string with double quotes and Go's escapes, as `strconv.Quote` does. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp >= 0xdc80 && cp <= 0xdcff) out += `\\x${(cp - 0xdc00).toString(16).padStart(2, '0')}`;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
