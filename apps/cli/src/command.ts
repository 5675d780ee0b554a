// What a command is: its place in the command table, its flags and help, and the function that
// runs it with a Context (parsed flags, the terminal, and the API client made on first use).
import type { MackerelCliClient } from '@saba/client';
import type { FlagSpec, ParsedArgs } from './args.ts';

/** The process's streams and environment, passed in so tests and the bin share one code path. */
export interface Io {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The global flags: where the agent config is and the API base given on the command line. */
export interface Globals {
  readonly conf: string;
  /** From --apibase, '' when not given. */
  readonly apibase: string;
}

/** What a command's run function gets. */
export interface Context {
  readonly args: ParsedArgs;
  readonly io: Io;
  readonly globals: Globals;
  /** The API client, made (and the API key resolved) on first call. */
  client(): Promise<MackerelCliClient>;
  /** Writes mkr's log line (`%10s %s`, prefix coloured on a terminal) to stderr. */
  log(prefix: string, message: string): void;
}

/** One command: `path` is its words (`['alerts', 'close']`), `run` resolves with the exit code (0 if void). */
export interface Command {
  readonly path: readonly string[];
  /** One line for the command list, mkr's wording. */
  readonly usage: string;
  /** The arguments line of the help, mkr's wording. */
  readonly argsUsage?: string;
  readonly description?: string;
  readonly flags: readonly FlagSpec[];
  run(ctx: Context): Promise<number | undefined>;
}

/** The `--jq` flag, as mkr declares it on every command that takes it. */
export const JQ_FLAG: FlagSpec = { name: 'jq', kind: 'string', usage: 'Filter response values using jq syntax' };
