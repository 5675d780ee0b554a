// label_replace and label_join: rewriting one label of every sample.
import { evalError } from '../context.ts';
import { goQuote, hasInvalidUtf8 } from '../format.ts';
import { type Sample, withLabel } from '../values.ts';

// Prometheus 3 accepts any valid UTF-8 label name.
function validName(name: string): boolean {
  return name !== '' && !hasInvalidUtf8(name);
}

// Go's Regexp.Expand: $name or ${name}, where a name is the longest run of letters, digits and _;
// a number names a group by index, anything else a named group; an unknown group expands to "".
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$' || i + 1 >= template.length) {
      out += ch;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      name = close < 0 ? '' : template.slice(i + 2, close);
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += ch;
        continue;
      }
      end = close;
    } else {
      const mm = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (mm === null) {
        out += ch;
        continue;
      }
      name = mm[0];
      end = i + name.length;
    }
    if (/^[0-9]+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
    i = end;
  }
  return out;
}

/** label_replace(v, dst, replacement, src, regex). */
export function labelReplace(samples: Sample[], dst: string, repl: string, src: string, regex: string): Sample[] {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${regex.replaceAll('(?P<', '(?<')})$`, 's');
  } catch {
    return evalError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!validName(dst)) evalError(`invalid destination label name in label_replace(): ${dst}`);
  return samples.map((s) => {
    const value = s.labels.find((l) => l.name === src)?.value ?? '';
    const m = re.exec(value);
    if (m === null) return s;
    const res = expand(repl, m);
    if (hasInvalidUtf8(res)) evalError(`invalid label name ${goQuote(res)}`);
    return { labels: withLabel(s.labels, dst, res), value: s.value };
  });
}

/** label_join(v, dst, separator, src...). */
export function labelJoin(samples: Sample[], dst: string, sep: string, srcs: string[]): Sample[] {
  if (!validName(dst)) evalError(`invalid destination label name in label_join(): ${dst}`);
  for (const src of srcs) if (!validName(src)) evalError(`invalid source label name in label_join(): ${src}`);
  return samples.map((s) => {
    const value = srcs.map((src) => s.labels.find((l) => l.name === src)?.value ?? '').join(sep);
    return { labels: withLabel(s.labels, dst, value), value: s.value };
  });
}
