// Translates Prometheus's regex dialect (Go RE2, wrapped as `^(?s:re)$`) into an equivalent
// JavaScript RegExp with the `u` and `s` flags. What JS cannot express is rejected, never guessed:
//   (?i) or (?i:...) only at the start of the pattern (JS has no inline flags on Node 20);
//   (?U) ungreedy mode; \C; negated POSIX classes [[:^alpha:]]; \p{^Any} inside a class.
// Deliberate differences: \S inside a class is JS's \S (also excludes \v and Unicode spaces, which
// Go's does not); with (?i), \w and \b also fold the Kelvin sign and long s as JS's `iu` does.
// Rejected as Go rejects them: lookarounds, backreferences, \Z, repeat counts above 1000, and a
// \Q without \E (Go's \Q would swallow Prometheus's closing `)$`). Checked against Go's regexp
// through promtool; Prometheus before 3.0 lacks the (?s), so there `.` stops at a newline.
import { BadDataError } from '@saba/model';

// Characters that JS's `u` mode accepts escaped outside a class; other ASCII punctuation that Go
// lets you escape is written as \xHH instead.
const SYNTAX = '^$\\.*+?()[]{}|/';
const ASCII_SPACE = '\\t\\n\\f\\r ';
const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const MAX_REPEAT = 1000;

interface Group {
  readonly dotAll: boolean;
  readonly multiLine: boolean;
  readonly foldsAll: boolean;
}

/** Compiles a Prometheus label regex, fully anchored. Throws BadDataError if it is invalid or untranslatable. */
export function compileRegex(pattern: string): RegExp {
  const t = new Translator(pattern);
  const source = t.run();
  try {
    return new RegExp(`^(?:${source})$`, t.fold ? 'isu' : 'su');
  } catch (e) {
    throw new BadDataError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}

class Translator {
  /** Case-insensitive throughout: a leading (?i). */
  fold = false;
  private i = 0;
  private out = '';
  private dotAll = true;
  private multiLine = false;
  private readonly groups: Group[] = [];

  constructor(private readonly src: string) {}

  run(): string {
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (c === '\\') this.out += this.escapeOutside();
      else if (c === '[') this.out += this.charClass();
      else if (c === '(') this.out += this.open();
      else if (c === ')') this.out += this.close();
      else if (c === '{') this.out += this.repeat();
      else {
        this.i++;
        if (c === '.') this.out += this.dotAll ? '.' : '[^\\n]';
        // Without JS's `m` flag, ^ and $ match only at the ends of the input, as Go's do without (?m).
        else if (c === '^') this.out += this.multiLine ? '(?<![^\\n])' : '^';
        else if (c === '$') this.out += this.multiLine ? '(?![^\\n])' : '$';
        else if (c === ']' || c === '}') this.out += `\\${c}`;
        else this.out += c;
      }
    }
    if (this.groups.length > 0) this.fail('missing closing )');
    return this.out;
  }

  private fail(why: string): never {
    throw new BadDataError(`invalid regular expression ${JSON.stringify(this.src)}: ${why}`);
  }

  private open(): string {
    const s = this.src;
    const at = this.i;
    const save = (foldsAll: boolean): void => {
      this.groups.push({ dotAll: this.dotAll, multiLine: this.multiLine, foldsAll });
    };
    if (s[at + 1] !== '?') {
      this.i++;
      save(false);
      return '(?:';
    }
    const next = s[at + 2];
    if (next === ':') {
      this.i += 3;
      save(false);
      return '(?:';
    }
    if (next === 'P' || (next === '<' && s[at + 3] !== '=' && s[at + 3] !== '!')) {
      const start = at + (next === 'P' ? 3 : 2);
      if (s[start] !== '<') this.fail(`invalid named capture at ${at}`);
      const end = s.indexOf('>', start);
      if (end < 0 || !/^[A-Za-z0-9_]+$/.test(s.slice(start + 1, end))) this.fail(`invalid named capture at ${at}`);
      this.i = end + 1;
      save(false);
      // Names do not change what matches, and JS forbids some names Go allows (a leading digit).
      return '(?:';
    }
    if (next === '=' || next === '!' || next === '<') this.fail('lookarounds are not supported');
    return this.flags();
  }

  private flags(): string {
    const s = this.src;
    let j = this.i + 2;
    let negate = false;
    let fold: boolean | undefined;
    let dotAll = this.dotAll;
    let multiLine = this.multiLine;
    for (; ; j++) {
      const c = s[j];
      if (c === undefined) this.fail('missing closing )');
      if (c === ')' || c === ':') break;
      if (c === '-' && !negate) negate = true;
      else if (c === 'i') fold = !negate;
      else if (c === 's') dotAll = !negate;
      else if (c === 'm') multiLine = !negate;
      else if (c === 'U') this.fail('(?U) ungreedy mode is not supported');
      else this.fail(`invalid flag group at ${this.i}`);
    }
    // Go accepts an empty (?) as a no-op but not a dangling minus.
    if (s[j - 1] === '-') this.fail(`invalid flag group at ${this.i}`);
    const scoped = s[j] === ':';
    let foldsAll = false;
    if (fold !== undefined && fold !== this.fold) {
      // JS applies `i` to the whole pattern, so Go's (?i) is honoured only where it covers everything.
      if (!fold || this.out !== '' || this.groups.length > 0) this.fail('(?i) is supported only at the start');
      this.fold = true;
      foldsAll = scoped;
    }
    this.i = j + 1;
    if (!scoped) {
      this.dotAll = dotAll;
      this.multiLine = multiLine;
      return '';
    }
    this.groups.push({ dotAll: this.dotAll, multiLine: this.multiLine, foldsAll });
    this.dotAll = dotAll;
    this.multiLine = multiLine;
    return '(?:';
  }

  private close(): string {
    const g = this.groups.pop();
    if (g === undefined) this.fail(`unexpected ) at ${this.i}`);
    this.i++;
    if (g.foldsAll && this.i < this.src.length) this.fail('(?i:...) is supported only around the whole pattern');
    this.dotAll = g.dotAll;
    this.multiLine = g.multiLine;
    return ')';
  }

  private repeat(): string {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
    if (m === null) {
      // Go reads a brace that does not form a repeat as a literal; JS's `u` mode needs it escaped.
      this.i++;
      return '\\{';
    }
    const min = Number(m[1]);
    const max = m[3] === undefined ? min : m[3] === '' ? min : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT || max < min) this.fail(`invalid repeat count ${m[0]}`);
    this.i += m[0].length;
    return m[0];
  }

  private escapeOutside(): string {
    const c = this.src[this.i + 1];
    if (c === 'Q') {
      const end = this.src.indexOf('\\E', this.i + 2);
      // Go lets \Q run to the end, but there it swallows Prometheus's closing `)$`: an error.
      if (end < 0) this.fail('\\Q without \\E');
      const text = this.src.slice(this.i + 2, end);
      this.i = end + 2;
      let lit = '';
      for (const ch of text) lit += literal(ch);
      return lit;
    }
    if (c === 'b' || c === 'B') {
      this.i += 2;
      return `\\${c}`;
    }
    if (c === 'A' || c === 'z') {
      this.i += 2;
      return c === 'A' ? '^' : '$';
    }
    if (c === 's' || c === 'S') {
      this.i += 2;
      return c === 's' ? `[${ASCII_SPACE}]` : `[^${ASCII_SPACE}]`;
    }
    return this.escape(false);
  }

  /** An escape valid both inside and outside a class. */
  private escape(inClass: boolean): string {
    const s = this.src;
    const c = s[this.i + 1];
    if (c === undefined) this.fail('trailing backslash');
    this.i += 2;
    if ('dDwWfnrtv'.includes(c)) return `\\${c}`;
    if (c === 's') return ASCII_SPACE;
    if (c === 'S') return '\\S';
    if (c === 'a') return '\\x07';
    if (c === 'x') return this.hex();
    if (c === 'p' || c === 'P') return this.unicodeClass(c === 'P', inClass);
    if (c >= '0' && c <= '7') return this.octal(c);
    const code = c.charCodeAt(0);
    if (code < 0x80 && !/[0-9A-Za-z]/.test(c)) return literal(c);
    return this.fail(`invalid escape \\${c}`);
  }

  private hex(): string {
    const s = this.src;
    if (s[this.i] === '{') {
      const end = s.indexOf('}', this.i);
      const digits = end < 0 ? '' : s.slice(this.i + 1, end);
      if (!/^[0-9A-Fa-f]{1,8}$/.test(digits) || Number.parseInt(digits, 16) > 0x10ffff) this.fail('invalid \\x{...}');
      this.i = end + 1;
      return `\\u{${digits}}`;
    }
    const digits = s.slice(this.i, this.i + 2);
    if (!/^[0-9A-Fa-f]{2}$/.test(digits)) this.fail('invalid \\x escape');
    this.i += 2;
    return `\\x${digits}`;
  }

  private octal(first: string): string {
    const s = this.src;
    let v = first.charCodeAt(0) - 48;
    // As Go: \1 to \7 alone would be backreferences, which RE2 does not have.
    if (first !== '0' && !/[0-7]/.test(s[this.i] ?? '')) this.fail(`backreference \\${first} is not supported`);
    for (let k = 0; k < 2 && /[0-7]/.test(s[this.i] ?? ''); k++) v = v * 8 + (s.charCodeAt(this.i++) - 48);
    return `\\u{${v.toString(16)}}`;
  }

  private unicodeClass(negated: boolean, inClass: boolean): string {
    const s = this.src;
    let name: string;
    if (s[this.i] === '{') {
      const end = s.indexOf('}', this.i);
      if (end < 0) this.fail('invalid \\p{...}');
      name = s.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      name = s[this.i] ?? '';
      this.i++;
    }
    let neg = negated;
    if (name.startsWith('^')) {
      neg = !neg;
      name = name.slice(1);
    }
    if (!/^[A-Za-z_]+$/.test(name)) this.fail(`invalid Unicode class \\p{${name}}`);
    if (name === 'Any') {
      if (!inClass) return neg ? '[^\\u{0}-\\u{10ffff}]' : '[\\u{0}-\\u{10ffff}]';
      if (neg) this.fail('negated \\p{Any} inside a class is not supported');
      return '\\u{0}-\\u{10ffff}';
    }
    // Go names general categories by one or two letters (L, Lu) and scripts by their name (Greek, Yi).
    const prop = /^[CLMNPSZ][a-z]?$/.test(name) ? name : `Script=${name}`;
    return `\\${neg ? 'P' : 'p'}{${prop}}`;
  }

  private charClass(): string {
    const s = this.src;
    let out = '[';
    this.i++;
    if (s[this.i] === '^') {
      out += '^';
      this.i++;
    }
    for (let first = true; ; first = false) {
      const c = s[this.i];
      if (c === undefined) this.fail('missing closing ]');
      if (c === ']' && !first) {
        this.i++;
        return `${out}]`;
      }
      if (c === '[' && s[this.i + 1] === ':') {
        const end = s.indexOf(':]', this.i + 2);
        const name = end < 0 ? '' : s.slice(this.i + 2, end);
        const ranges = POSIX[name];
        if (ranges === undefined) this.fail(`unsupported character class [:${name}:]`);
        out += ranges;
        this.i = end + 2;
      } else if (c === '\\') {
        if (s[this.i + 1] === 'Q' || s[this.i + 1] === 'b' || s[this.i + 1] === 'B')
          this.fail('invalid escape in class');
        out += this.escape(true);
      } else {
        // Go reads ] first in a class and [ anywhere in it as literals.
        out += c === ']' || c === '[' ? `\\${c}` : c;
        this.i++;
      }
    }
  }
}

function literal(c: string): string {
  if (SYNTAX.includes(c)) return `\\${c}`;
  const code = c.charCodeAt(0);
  // \xHH is a literal everywhere, also `-` inside a class.
  if (code < 0x80 && !/[0-9A-Za-z]/.test(c)) return `\\x${code.toString(16).padStart(2, '0')}`;
  return c;
}
