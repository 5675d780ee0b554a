// Running parsed --format templates (go-template-parse.ts) over JSON: Go's rules for truth, printing
// ("<no value>", "[a b]", "map[k:v]"), field lookup, variables and the builtin functions.

import { goSprintf, goValueString } from './go-printf.ts';
import { type Arg, type Node, type Pipeline, TemplateError } from './go-template-parse.ts';

type Scope = Map<string, unknown>[];

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

// Go field names (`.ID`, `.DisplayName`, `.AgentVersion`) find the JSON keys (`id`, `displayName`,
// `agent-version`): the exact key first, else the key equal to it ignoring case, `-` and `_`.
function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TemplateError(`can't evaluate field ${name} in ${value === null ? 'nil' : typeof value}`);
  }
  const o = value as Record<string, unknown>;
  if (name in o) return o[name];
  const want = name.toLowerCase().replace(/[-_]/g, '');
  for (const k of Object.keys(o)) if (k.toLowerCase().replace(/[-_]/g, '') === want) return o[k];
  return undefined;
}

function lookupVar(scope: Scope, name: string): unknown {
  for (let i = scope.length - 1; i >= 0; i--) {
    const s = scope[i] as Map<string, unknown>;
    if (s.has(name)) return s.get(name);
  }
  throw new TemplateError(`undefined variable: ${name}`);
}

function compare(a: unknown, b: unknown, op: string): boolean {
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) {
    throw new TemplateError(`${op}: incompatible types for comparison`);
  }
  return op === 'lt'
    ? (a as number) < (b as number)
    : op === 'le'
      ? (a as number) <= (b as number)
      : op === 'gt'
        ? (a as number) > (b as number)
        : (a as number) >= (b as number);
}

function eq(a: unknown, b: unknown): boolean {
  if ((a !== null && typeof a === 'object') || (b !== null && typeof b === 'object')) {
    throw new TemplateError('eq: incomparable types');
  }
  return a === b || (a == null && b == null);
}

function print(args: unknown[]): string {
  // Go's fmt.Sprint: a space between operands when neither is a string.
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += goValueString(a);
  });
  return out;
}

function index(v: unknown, keys: unknown[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      if (typeof k !== 'number' || k < 0 || k >= cur.length)
        throw new TemplateError(`index out of range: ${String(k)}`);
      cur = cur[k];
    } else if (cur !== null && typeof cur === 'object') {
      cur = (cur as Record<string, unknown>)[String(k)];
    } else {
      throw new TemplateError(`can't index item of type ${cur === null ? 'nil' : typeof cur}`);
    }
  }
  return cur;
}

const FUNCS: Readonly<Record<string, (args: unknown[]) => unknown>> = {
  and: (a) => a.find((v) => !truthy(v)) ?? a[a.length - 1],
  or: (a) => a.find((v) => truthy(v)) ?? a[a.length - 1],
  not: (a) => !truthy(a[0]),
  len: ([v]) => {
    if (typeof v === 'string') return Buffer.byteLength(v);
    if (Array.isArray(v)) return v.length;
    if (v !== null && typeof v === 'object') return Object.keys(v).length;
    throw new TemplateError(`len of ${v === null || v === undefined ? 'nil' : typeof v}`);
  },
  index: ([v, ...keys]) => index(v, keys),
  print,
  println: (a) => `${a.map(goValueString).join(' ')}\n`,
  printf: ([f, ...rest]) => goSprintf(String(f), rest),
  eq: ([a, ...bs]) => bs.some((b) => eq(a, b)),
  ne: ([a, b]) => !eq(a, b),
  lt: ([a, b]) => compare(a, b, 'lt'),
  le: ([a, b]) => compare(a, b, 'le'),
  gt: ([a, b]) => compare(a, b, 'gt'),
  ge: ([a, b]) => compare(a, b, 'ge'),
};

function evalArg(arg: Arg, dot: unknown, scope: Scope): unknown {
  switch (arg.kind) {
    case 'dot':
      return dot;
    case 'field': {
      let v = arg.base === 'dot' ? dot : lookupVar(scope, arg.name);
      for (const p of arg.path) v = field(v, p);
      return v;
    }
    case 'string':
    case 'number':
    case 'bool':
      return arg.value;
    case 'nil':
      return null;
    case 'pipe':
      return evalPipeline(arg.pipe, dot, scope);
    case 'chain': {
      let v = evalArg(arg.base, dot, scope);
      for (const p of arg.path) v = field(v, p);
      return v;
    }
    case 'ident':
      return callFunc(arg.name, [], dot, scope);
  }
}

function callFunc(name: string, args: Arg[], dot: unknown, scope: Scope, final?: { v: unknown }): unknown {
  const fn = FUNCS[name];
  if (fn === undefined) throw new TemplateError(`function "${name}" not defined`);
  const values = args.map((a) => evalArg(a, dot, scope));
  if (final !== undefined) values.push(final.v);
  return fn(values);
}

function evalPipeline(pipe: Pipeline, dot: unknown, scope: Scope): unknown {
  let final: { v: unknown } | undefined;
  for (const cmd of pipe.cmds) {
    const [head, ...rest] = cmd as [Arg, ...Arg[]];
    if (head.kind === 'ident') {
      final = { v: callFunc(head.name, rest, dot, scope, final) };
    } else {
      if (rest.length > 0 || final !== undefined) throw new TemplateError(`can't give argument to non-function`);
      final = { v: evalArg(head, dot, scope) };
    }
  }
  const value = final?.v;
  if (pipe.decl.length > 0) {
    const name = pipe.decl[pipe.decl.length - 1] as string;
    if (pipe.assign) {
      const owner = [...scope].reverse().find((s) => s.has(name));
      if (owner === undefined) throw new TemplateError(`undefined variable: ${name}`);
      owner.set(name, value);
    } else {
      (scope[scope.length - 1] as Map<string, unknown>).set(name, value);
    }
  }
  return value;
}

function run(nodes: readonly Node[], dot: unknown, scope: Scope, out: string[]): void {
  for (const n of nodes) {
    switch (n.kind) {
      case 'text':
        out.push(n.text);
        break;
      case 'action': {
        const v = evalPipeline(n.pipe, dot, scope);
        // A declaration prints nothing, as in Go.
        if (n.pipe.decl.length === 0) out.push(goValueString(v));
        break;
      }
      case 'if':
      case 'with': {
        scope.push(new Map());
        const v = evalPipeline(n.pipe, dot, scope);
        if (truthy(v)) run(n.list, n.kind === 'with' ? v : dot, scope, out);
        else if (n.elseList !== undefined) run(n.elseList, dot, scope, out);
        scope.pop();
        break;
      }
      case 'range': {
        scope.push(new Map());
        const decl = n.pipe.decl;
        const v = evalPipeline({ ...n.pipe, decl: [] }, dot, scope);
        const entries: [unknown, unknown][] = Array.isArray(v)
          ? v.map((e, i) => [i, e])
          : v !== null && typeof v === 'object'
            ? Object.keys(v)
                .sort()
                .map((k) => [k, (v as Record<string, unknown>)[k]])
            : [];
        if (v !== null && v !== undefined && typeof v !== 'object')
          throw new TemplateError(`range can't iterate over ${goValueString(v)}`);
        if (entries.length === 0 && n.elseList !== undefined) run(n.elseList, dot, scope, out);
        for (const [k, e] of entries) {
          const s = new Map<string, unknown>();
          if (decl.length === 1) s.set(decl[0] as string, e);
          if (decl.length === 2) {
            s.set(decl[0] as string, k);
            s.set(decl[1] as string, e);
          }
          scope.push(s);
          run(n.list, e, scope, out);
          scope.pop();
        }
        scope.pop();
        break;
      }
    }
  }
}

/** Runs parsed nodes over `data` (bound to `.` and `$`). */
export function executeNodes(nodes: readonly Node[], data: unknown): string {
  const out: string[] = [];
  run(nodes, data, [new Map([['$', data]])], out);
  return out.join('');
}
