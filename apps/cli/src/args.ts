// Command-line flags as mkr's urfave/cli reads them: `-n v`, `--name v`, `--name=v`, single-dash
// long names (`-st`), repeated flags collecting into a list (`-R a -R b`), `--` ending the flags.
// Not node:util parseArgs: it takes no multi-letter short names (`-st`), and mkr scripts use them.
import { CliError } from './cli-error.ts';

/** What a flag holds: a string, a switch, a list of strings (repeatable) or an integer. */
export type FlagKind = 'string' | 'bool' | 'strings' | 'int';

/** One flag of a command: its long name, other names, kind and help line. */
export interface FlagSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly kind: FlagKind;
  readonly usage: string;
  /** The value when the flag is not given (strings default to '', ints to 0, bools to false). */
  readonly defaultValue?: string | number | boolean;
}

/** The flags and positional arguments of one command line. */
export class ParsedArgs {
  readonly #values = new Map<string, string | boolean | number | string[]>();
  readonly #specs: ReadonlyMap<string, FlagSpec>;
  /** The arguments that are not flags, in order. */
  readonly positionals: string[] = [];

  constructor(specs: readonly FlagSpec[]) {
    this.#specs = new Map(specs.map((s) => [s.name, s]));
  }

  /** Whether the flag was given on the command line. */
  isSet(name: string): boolean {
    return this.#values.has(name);
  }

  /** A string flag's value, '' when not given. */
  string(name: string): string {
    const v = this.#values.get(name) ?? this.#spec(name).defaultValue ?? '';
    return String(v);
  }

  /** A switch's value. */
  bool(name: string): boolean {
    const v = this.#values.get(name) ?? this.#spec(name).defaultValue ?? false;
    return v === true;
  }

  /** A repeatable flag's values, in the order given. */
  strings(name: string): string[] {
    this.#spec(name);
    const v = this.#values.get(name);
    return Array.isArray(v) ? [...v] : [];
  }

  /** An integer flag's value, its default (0 unless set) when not given. */
  int(name: string): number {
    const v = this.#values.get(name) ?? this.#spec(name).defaultValue ?? 0;
    return Number(v);
  }

  /** Records one occurrence of a flag (used by parseArgs). */
  set(spec: FlagSpec, value: string | boolean): void {
    if (spec.kind === 'strings') {
      const list = this.#values.get(spec.name);
      if (Array.isArray(list)) list.push(String(value));
      else this.#values.set(spec.name, [String(value)]);
    } else if (spec.kind === 'int') {
      const text = String(value);
      if (!/^[-+]?\d+$/.test(text)) throw new CliError(`invalid value "${text}" for flag -${spec.name}: parse error`);
      this.#values.set(spec.name, Number.parseInt(text, 10));
    } else {
      this.#values.set(spec.name, value);
    }
  }

  #spec(name: string): FlagSpec {
    const s = this.#specs.get(name);
    // A programming slip in a command, not a user error: name it plainly.
    if (s === undefined) throw new Error(`flag ${name} is not declared`);
    return s;
  }
}

/** Whether `arg` looks like a flag (`-x`, `--x`), not a value such as `-` (stdin) or a negative number. */
export function isFlag(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('-') && !/^-\d/.test(arg);
}

/**
 * Parses `argv` against `specs`. Flags may come before, between or after positional arguments
 * (urfave/cli v3 allows both); everything after `--` is positional.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    for (const a of s.aliases ?? []) byName.set(a, s);
  }
  const out = new ParsedArgs(specs);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!isFlag(arg)) {
      out.positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const spec = byName.get(name);
    if (spec === undefined) throw new CliError(`flag provided but not defined: -${name}`);
    if (spec.kind === 'bool') {
      const v = eq === -1 ? 'true' : body.slice(eq + 1);
      if (v !== 'true' && v !== 'false') throw new CliError(`invalid boolean value "${v}" for -${name}`);
      out.set(spec, v === 'true');
      continue;
    }
    if (eq !== -1) {
      out.set(spec, body.slice(eq + 1));
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new CliError(`flag needs an argument: -${name}`);
    out.set(spec, value);
    i++;
  }
  return out;
}
