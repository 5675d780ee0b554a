// Regexes in mackerel-agent.conf (`include_pattern`, `exclude_pattern`, `[filesystems] ignore`, ...)
// are Go RE2 syntax (regexp.Compile in config/config.go). Most of RE2 means the same in a JavaScript
// RegExp with the `u` flag (code points, like Go's runes, and leftmost-first matching like Go's
// Compile); this translates the parts that differ so a pattern keeps its meaning instead of silently
// changing it: leading `(?flags)`, `(?P<name>`, `\A`, `\z`, `\Q...\E`, `\x{...}`, `\pL`,
// `[[:alpha:]]`, escaped punctuation such as `\_` or `\:`, and literal `{`, `}`, `]`.
// What cannot be expressed (e.g. `(?U)`, flags in mid-pattern) fails to compile with a clear message.

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const JS_FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's' };

function lit(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

function literalRun(text: string): string {
  return Array.from(text, lit).join('');
}

// RE2 accepts Unicode script names bare (\p{Greek}); JavaScript needs Script= unless the name is a
// general category (one or two letters, e.g. L, Lu, Nd).
function unicodeProperty(negated: boolean, name: string): string {
  const prop = /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`;
  return `\\${negated ? 'P' : 'p'}{${prop}}`;
}

/** Compiles a Go (RE2) regular expression into an equivalent RegExp; throws an Error naming the problem. */
export function compileGoRegexp(pattern: string): RegExp {
  let p = pattern;
  let flags = 'u';
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(p);
  if (lead !== null) {
    for (const f of lead[1] ?? '') {
      const js = JS_FLAGS[f];
      if (js === undefined) throw new Error(`invalid regexp ${JSON.stringify(pattern)}: flag ${f} is not supported`);
      if (!flags.includes(js)) flags += js;
    }
    p = p.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < p.length) {
    const c = p[i] as string;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) throw new Error(`invalid regexp ${JSON.stringify(pattern)}: trailing backslash`);
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const text = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        out += literalRun(text);
        i = end < 0 ? p.length : end + 2;
        continue;
      }
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'z') out += '(?![\\s\\S])';
      else if (n === 'x' && p[i + 2] === '{') {
        const hex = /^\{([0-9A-Fa-f]+)\}/.exec(p.slice(i + 2));
        if (hex === null) throw new Error(`invalid regexp ${JSON.stringify(pattern)}: bad \\x{...}`);
        out += `\\u{${hex[1]}}`;
        i += 2 + hex[0].length;
        continue;
      } else if (n === 'p' || n === 'P') {
        const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(p.slice(i + 2));
        if (braced !== null) {
          out += unicodeProperty((n === 'P') !== (braced[1] === '^'), braced[2] ?? '');
          i += 2 + braced[0].length;
        } else {
          const one = p[i + 2];
          if (one === undefined) throw new Error(`invalid regexp ${JSON.stringify(pattern)}: bad \\${n}`);
          out += unicodeProperty(n === 'P', one);
          i += 3;
        }
        continue;
      } else if (/[0-9A-Za-z^$\\.*+?()[\]{}|/]/.test(n)) out += `\\${n}`;
      else out += lit(n);
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
      if (posix !== null) {
        const set = POSIX_CLASSES[posix[2] ?? ''];
        if (set === undefined || posix[1] === '^') {
          throw new Error(`invalid regexp ${JSON.stringify(pattern)}: class ${posix[0]} is not supported`);
        }
        out += set;
        i += posix[0].length;
      } else if (c === ']') {
        out += ']';
        inClass = false;
        i++;
      } else if (c === '[') {
        out += '\\[';
        i++;
      } else {
        out += c;
        i++;
      }
      continue;
    }
    if (c === '[') {
      out += '[';
      i++;
      if (p[i] === '^') {
        out += '^';
        i++;
      }
      // RE2 takes a `]` right after `[` or `[^` as a literal.
      if (p[i] === ']') {
        out += '\\]';
        i++;
      }
      inClass = true;
    } else if (c === '(' && p.startsWith('(?P<', i)) {
      out += '(?<';
      i += 4;
    } else if (c === '{') {
      const rep = /^\{\d+(?:,\d*)?\}/.exec(p.slice(i));
      out += rep === null ? lit(c) : rep[0];
      i += rep === null ? 1 : rep[0].length;
    } else if (c === '}' || c === ']') {
      out += lit(c);
      i++;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return new RegExp(out, flags);
  } catch (e) {
    // V8 says "Invalid regular expression: /<source>/u: <reason>"; the translated source would confuse.
    const reason = (e as Error).message.split(': ').pop() ?? 'syntax error';
    throw new Error(`invalid regexp ${JSON.stringify(pattern)}: ${reason}`);
  }
}
