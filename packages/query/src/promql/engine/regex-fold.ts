/*
 * Go's inline case-insensitive groups, `(?i:...)` and a `(?i)` inside a group, rewritten as plain
 * character classes (`(?i:ab)` is `(?:[aA][bB])`) so that the storage's regex translator, which
 * accepts `(?i)` only at the very start (Node 20's RegExp has no inline flags), can run them.
 * Prometheus's selectors.test uses them (`{group=~".*(?i:DUC).*"}`).
 */

function foldChar(ch: string): string {
  const lo = ch.toLowerCase();
  const up = ch.toUpperCase();
  return lo !== up && lo.length === 1 && up.length === 1 ? `[${lo}${up}]` : ch;
}

// Inside a class, every letter also stands for its other case; an a-z range gains A-Z and back.
function foldClass(body: string): string {
  let extra = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (body[i + 1] === '-' && i + 2 < body.length && body[i + 2] !== ']') {
      const end = body[i + 2] as string;
      if (/[a-z]/.test(ch) && /[a-z]/.test(end)) extra += `${ch.toUpperCase()}-${end.toUpperCase()}`;
      else if (/[A-Z]/.test(ch) && /[A-Z]/.test(end)) extra += `${ch.toLowerCase()}-${end.toLowerCase()}`;
      i += 2;
      continue;
    }
    const other = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
    if (other !== ch && other.length === 1) extra += other;
  }
  return body + extra;
}

/** Rewrites inline case-insensitive parts of a Go regex into explicit classes; other text is kept. */
export function foldInlineCase(pattern: string): string {
  if (!/\(\?i[:)]/.test(pattern.slice(1)) && !/^\(\?i:.*\)./s.test(pattern)) return pattern;
  let out = '';
  // For each open group: whether it folds case.
  const stack: boolean[] = [];
  let fold = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      out += fold && /[a-zA-Z]/.test(next) && !/[dDwWsSbBpPnrtfvxuQEAzg0-9]/.test(next) ? foldChar(next) : `\\${next}`;
      i++;
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      const cls = pattern.slice(i, j + 1);
      out += fold
        ? `${cls.slice(0, cls.startsWith('[^') ? 2 : 1)}${foldClass(cls.slice(cls.startsWith('[^') ? 2 : 1, -1))}]`
        : cls;
      i = j;
      continue;
    }
    if (pattern.startsWith('(?i:', i)) {
      stack.push(fold);
      fold = true;
      out += '(?:';
      i += 3;
      continue;
    }
    if (pattern.startsWith('(?i)', i)) {
      fold = true;
      i += 3;
      continue;
    }
    if (ch === '(') {
      stack.push(fold);
      out += ch;
      continue;
    }
    if (ch === ')') {
      fold = stack.pop() ?? false;
      out += ch;
      continue;
    }
    out += fold ? foldChar(ch) : ch;
  }
  return out;
}
