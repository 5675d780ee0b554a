// Parsing --format templates (go-template.ts) into nodes: text, actions, {{if}}/{{range}}/{{with}}
// with {{else}} and `else if`, pipelines with variables, parentheses and `|`. Syntax outside the
// subset (define, template, block, break, continue) is a TemplateError naming it.
import { CliError } from './cli-error.ts';

/** A template that cannot be parsed or run; the message follows Go's `template: format:<line>: ...`. */
export class TemplateError extends CliError {
  constructor(message: string) {
    super(`template: format: ${message}`);
    this.name = 'TemplateError';
  }
}

/** One operand of a command. */
export type Arg =
  | { kind: 'dot' }
  | { kind: 'field'; base: 'dot' | 'var'; name: string; path: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'ident'; name: string }
  | { kind: 'pipe'; pipe: Pipeline }
  /** Fields of a parenthesized value: `(index . 0).Name`. */
  | { kind: 'chain'; base: Arg; path: string[] };

/** A pipeline: optional variable declarations (`$x :=`, `$i, $e :=`) and commands joined by `|`. */
export interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Arg[][];
}

/** A parsed template node. */
export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'range' | 'with'; pipe: Pipeline; list: Node[]; elseList: Node[] | undefined };

const KEYWORDS_UNSUPPORTED = new Set(['define', 'template', 'block', 'break', 'continue']);

// ---- lexing of one action's inside ----

type Tok =
  | { t: 'arg'; arg: Arg }
  | { t: 'punct'; v: '(' | ')' | '|' | ',' | ':=' | '=' }
  | { t: 'var'; name: string }
  | { t: 'chain'; path: string[] };

function unquote(raw: string): string {
  try {
    return JSON.parse(raw.replace(/\\'/g, "'")) as string;
  } catch {
    throw new TemplateError(`malformed string ${raw}`);
  }
}

// One rule per token: a sticky pattern and what the match becomes (`prev` is the character before it).
const RULES: readonly [RegExp, (m: string, prev: string | undefined) => Tok][] = [
  [/:=/y, () => ({ t: 'punct', v: ':=' })],
  [/[()|,=]/y, (m) => ({ t: 'punct', v: m as '(' | ')' | '|' | ',' | '=' })],
  [/"(?:[^"\\]|\\.)*"/y, (m) => ({ t: 'arg', arg: { kind: 'string', value: unquote(m) } })],
  [/`[^`]*`/y, (m) => ({ t: 'arg', arg: { kind: 'string', value: m.slice(1, -1) } })],
  [
    /[-+]?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)/y,
    (m) => ({ t: 'arg', arg: { kind: 'number', value: Number(m) } }),
  ],
  [
    /\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*/y,
    (m) => {
      const [name = '$', ...path] = m.split('.');
      return path.length === 0 ? { t: 'var', name } : { t: 'arg', arg: { kind: 'field', base: 'var', name, path } };
    },
  ],
  [
    /(?:\.[A-Za-z0-9_-]+)+/y,
    (m, prev) => {
      const path = m.split('.').slice(1);
      // Right after `)` with no space, the fields belong to the parenthesized value.
      return prev === ')' ? { t: 'chain', path } : { t: 'arg', arg: { kind: 'field', base: 'dot', name: '', path } };
    },
  ],
  [/\./y, () => ({ t: 'arg', arg: { kind: 'dot' } })],
  [
    /[A-Za-z_][A-Za-z0-9_]*/y,
    (w) => ({
      t: 'arg',
      arg:
        w === 'true' || w === 'false'
          ? { kind: 'bool', value: w === 'true' }
          : w === 'nil'
            ? { kind: 'nil' }
            : { kind: 'ident', name: w },
    }),
  ],
];

function lexAction(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  outer: while (i < src.length) {
    if (/\s/.test(src[i] as string)) {
      i++;
      continue;
    }
    for (const [re, make] of RULES) {
      re.lastIndex = i;
      const m = re.exec(src);
      if (m === null) continue;
      out.push(make(m[0], src[i - 1]));
      i += m[0].length;
      continue outer;
    }
    throw new TemplateError(`unexpected "${src[i]}" in action`);
  }
  return out;
}

function parsePipeline(toks: Tok[], start: number, stopAtParen: boolean): { pipe: Pipeline; next: number } {
  let i = start;
  const decl: string[] = [];
  let assign = false;
  // Declarations: `$x :=`, `$i, $e :=`, `$x =`.
  const save = i;
  while (toks[i]?.t === 'var') {
    decl.push((toks[i] as { name: string }).name);
    i++;
    const p = toks[i];
    if (p?.t === 'punct' && p.v === ',') {
      i++;
      continue;
    }
    if (p?.t === 'punct' && (p.v === ':=' || p.v === '=')) {
      assign = p.v === '=';
      i++;
      break;
    }
    decl.length = 0;
    i = save;
    break;
  }
  const cmds: Arg[][] = [[]];
  for (; i < toks.length; i++) {
    const tok = toks[i] as Tok;
    const cmd = cmds[cmds.length - 1] as Arg[];
    if (tok.t === 'punct' && tok.v === '|') {
      if (cmd.length === 0) throw new TemplateError('missing command before "|"');
      cmds.push([]);
    } else if (tok.t === 'punct' && tok.v === ')') {
      if (!stopAtParen) throw new TemplateError('unexpected ")"');
      return { pipe: { decl, assign, cmds }, next: i + 1 };
    } else if (tok.t === 'punct' && tok.v === '(') {
      const inner = parsePipeline(toks, i + 1, true);
      cmd.push({ kind: 'pipe', pipe: inner.pipe });
      i = inner.next - 1;
    } else if (tok.t === 'chain') {
      const base = cmd.pop();
      if (base?.kind !== 'pipe') throw new TemplateError(`unexpected .${tok.path.join('.')}`);
      cmd.push({ kind: 'chain', base, path: tok.path });
    } else if (tok.t === 'var') {
      cmd.push({ kind: 'field', base: 'var', name: tok.name, path: [] });
    } else if (tok.t === 'arg') {
      cmd.push(tok.arg);
    } else {
      throw new TemplateError(`unexpected "${tok.v}" in command`);
    }
  }
  if (stopAtParen) throw new TemplateError('unclosed left paren');
  if ((cmds[cmds.length - 1] as Arg[]).length === 0) throw new TemplateError('missing value for command');
  return { pipe: { decl, assign, cmds }, next: i };
}

// ---- the template's structure ----

type Block = Extract<Node, { kind: 'if' | 'range' | 'with' }>;

interface Frame {
  node: Block;
  target: Node[];
  /** An `else if` block: its {{end}} is its parent's too. */
  chained: boolean;
}

/** Parses `src` into nodes; throws a TemplateError for syntax it does not support. */
export function parseGoTemplate(src: string): Node[] {
  const root: Node[] = [];
  const stack: Frame[] = [];
  let current = root;
  let pos = 0;
  let trimNext = false;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    let text = open === -1 ? src.slice(pos) : src.slice(pos, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open === -1) {
      if (text !== '') current.push({ kind: 'text', text });
      break;
    }
    const close = src.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateError('unclosed action');
    let inner = src.slice(open + 2, close);
    if (/^-\s/.test(inner)) {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    if (/\s-$/.test(inner)) {
      trimNext = true;
      inner = inner.slice(0, -1);
    }
    if (text !== '') current.push({ kind: 'text', text });
    pos = close + 2;
    const body = inner.trim();
    if (body.startsWith('/*')) {
      if (!body.endsWith('*/')) throw new TemplateError('unclosed comment');
      continue;
    }
    const word = body.match(/^[A-Za-z]+/)?.[0] ?? '';
    if (KEYWORDS_UNSUPPORTED.has(word)) throw new TemplateError(`{{${word}}} is not supported by saba's --format`);
    if (word === 'end') {
      let frame = stack.pop();
      while (frame?.chained) frame = stack.pop();
      if (frame === undefined) throw new TemplateError('unexpected {{end}}');
      current = frame.target;
      continue;
    }
    if (word === 'else') {
      const frame = stack[stack.length - 1];
      if (frame === undefined || frame.node.elseList !== undefined) throw new TemplateError('unexpected {{else}}');
      frame.node.elseList = [];
      const rest = body.slice(4).trim();
      if (rest === '') {
        current = frame.node.elseList;
        continue;
      }
      // `else if` / `else with`: a nested block in the else branch, closed by the same {{end}}.
      const kw = rest.match(/^(if|with)\b/)?.[1] as 'if' | 'with' | undefined;
      if (kw === undefined) throw new TemplateError(`unexpected "${rest}" after else`);
      const pipe = parsePipeline(lexAction(rest.slice(kw.length)), 0, false).pipe;
      const node: Block = { kind: kw, pipe, list: [], elseList: undefined };
      frame.node.elseList.push(node);
      // Chained: the one {{end}} closes this block and the one it is the else of.
      stack.push({ node, target: frame.node.elseList, chained: true });
      current = node.list;
      continue;
    }
    if (word === 'if' || word === 'range' || word === 'with') {
      const pipe = parsePipeline(lexAction(body.slice(word.length)), 0, false).pipe;
      const node: Block = { kind: word, pipe, list: [], elseList: undefined };
      current.push(node);
      stack.push({ node, target: current, chained: false });
      current = node.list;
      continue;
    }
    current.push({ kind: 'action', pipe: parsePipeline(lexAction(body), 0, false).pipe });
  }
  if (stack.length > 0)
    throw new TemplateError(`unexpected EOF: {{${stack[stack.length - 1]?.node.kind}}} has no {{end}}`);
  return root;
}
