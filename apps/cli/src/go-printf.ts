// Go's fmt for --format templates: how a value prints ({{.x}}, print) and printf's verbs
// (%v %s %d %f %e %g %t %q %x %X %c %%, with flags - + 0 and width/precision). JSON values only:
// numbers, strings, booleans, null, arrays and objects (which print as Go maps do).

function goType(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

// Go writes exponents with at least two digits: 1e-05, 1.5e+21.
function goExponent(text: string): string {
  return text.replace(/e([-+])(\d)$/, 'e$10$2');
}

function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  // %v of a float64 is strconv 'g' with the shortest digits: exponent form below 1e-4 and from 1e21.
  if (n !== 0 && Math.abs(n) < 1e-4) return goExponent(n.toExponential());
  return goExponent(String(n));
}

// %.Nf as Go rounds: the exact binary value, a tie to the even digit (1.25 -> "1.2"), where
// JavaScript's toFixed takes a tie upwards ("1.3").
function goFixed(v: number, prec: number): string {
  const rounded = v.toFixed(prec);
  if (prec > 60 || !Number.isFinite(v)) return rounded;
  // toFixed with many digits is the exact expansion of the double: a tie shows as 5 then zeros.
  const exact = Math.abs(v).toFixed(prec + 40);
  const cut = exact.length - 40;
  if (!/^50*$/.test(exact.slice(cut))) return rounded;
  const down = exact.slice(0, cut).replace(/\.$/, '');
  const lastDigit = Number(down.replace('.', '').slice(-1));
  if (lastDigit % 2 === 1) return rounded;
  return (v < 0 ? '-' : '') + down;
}

function inner(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : goValueString(v);
}

/** A value as {{.}} prints it: `<no value>` for a missing field, `[a b]` for arrays, `map[k:v]` for objects. */
export function goValueString(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(inner).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o)
    .sort()
    .map((k) => `${k}:${inner(o[k])}`)
    .join(' ')}]`;
}

function pad(text: string, flags: string, width: number | undefined, numeric: boolean): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && numeric) {
    const sign = /^[-+]/.test(text) ? (text[0] as string) : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function bad(verb: string, v: unknown): string {
  return `%!${verb}(${goType(v)}=${goValueString(v)})`;
}

function formatOne(verb: string, flags: string, prec: number | undefined, v: unknown): string {
  const plus = (s: string, n: number) => (flags.includes('+') && n >= 0 ? `+${s}` : s);
  switch (verb) {
    case 'v':
      return goValueString(v);
    case 's': {
      const s = goValueString(v);
      return prec === undefined ? s : [...s].slice(0, prec).join('');
    }
    case 'q':
      return typeof v === 'string' ? JSON.stringify(v) : bad(verb, v);
    case 't':
      return typeof v === 'boolean' ? String(v) : bad(verb, v);
    case 'd':
      return typeof v === 'number' && Number.isInteger(v) ? plus(String(v), v) : bad(verb, v);
    case 'f':
    case 'F':
      return typeof v === 'number' ? plus(goFixed(v, prec ?? 6), v) : bad(verb, v);
    case 'e':
      return typeof v === 'number' ? plus(goExponent(v.toExponential(prec ?? 6)), v) : bad(verb, v);
    case 'g':
      return typeof v === 'number'
        ? plus(prec === undefined ? goNumber(v) : goExponent(String(Number(v.toPrecision(prec)))), v)
        : bad(verb, v);
    case 'x':
    case 'X': {
      let s: string;
      if (typeof v === 'number' && Number.isInteger(v)) s = v.toString(16);
      else if (typeof v === 'string') s = Buffer.from(v).toString('hex');
      else return bad(verb, v);
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'c':
      return typeof v === 'number' && Number.isInteger(v) ? String.fromCodePoint(v) : bad(verb, v);
    default:
      return `%!${verb}(${goType(v)}=${goValueString(v)})`;
  }
}

/** Go's fmt.Sprintf over JSON values. */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = '', width, prec, verb = ''] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (next >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const v = args[next++];
    const text = formatOne(verb, flags, prec === undefined ? undefined : Number(prec), v);
    out += pad(text, flags, width === undefined ? undefined : Number(width), typeof v === 'number');
  }
  out += format.slice(last);
  if (next < args.length) {
    out += `%!(EXTRA ${args
      .slice(next)
      .map((a) => `${goType(a)}=${goValueString(a)}`)
      .join(', ')})`;
  }
  return out;
}
