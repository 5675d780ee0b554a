// Go's float formatting where PromQL shows numbers in text: count_values' label values
// (strconv 'f', -1) and annotation messages (%g).

/** Formats `x` as Go's strconv.FormatFloat(x, 'f', -1, 64) (`f`) or fmt's %g (`g`). */
export function formatFloat(x: number, style: 'f' | 'g'): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(x);
  if (style === 'g') {
    // %g with the shortest digits switches to an exponent below 1e-4 and from 1e6 (two exponent digits at least).
    const [m, ex] = x.toExponential().split('e') as [string, string];
    const n = Number(ex);
    if (x !== 0 && (n < -4 || n >= 6)) return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
    return s;
  }
  if (!s.includes('e')) return s;
  const [mant, ex] = s.split('e') as [string, string];
  const exp = Number(ex);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const point =
    (mant.replace('-', '').indexOf('.') === -1 ? mant.replace('-', '').length : mant.replace('-', '').indexOf('.')) +
    exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return neg ? `-${out}` : out;
}

/** Quotes `s` as Go's %q does; the parser's stand-ins for undecodable bytes print as `\xNN`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0xdc80 && c <= 0xdcff) out += `\\x${(c - 0xdc00).toString(16).padStart(2, '0')}`;
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Whether `s` holds undecodable bytes (the parser's lone surrogates) and so is not valid UTF-8. */
export function hasInvalidUtf8(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
