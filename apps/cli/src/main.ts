// saba's entry: reads the global flags, finds the command in the table, parses its flags, runs it,
// and turns every failure into one line on stderr and exit code 1 (mkr's `     error <message>`).

import { DEFAULT_CONF } from '@saba/agent-config';
import { ApiError, MackerelCliClient, NetworkError } from '@saba/client';
import { type FlagSpec, isFlag, parseArgs } from './args.ts';
import { CliError } from './cli-error.ts';
import type { Command, Context, Globals, Io } from './command.ts';
import { COMMANDS, GROUPS } from './command-table.ts';
import { resolveApiTarget } from './config.ts';
import { appHelp, commandHelp, groupHelp, versionText } from './help.ts';
import { logLine } from './log.ts';
import { CLI_VERSION } from './version.ts';

/** --conf and --apibase: accepted before the command (mkr's global flags) and after it. */
const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'conf', kind: 'string', usage: 'Config file path', defaultValue: DEFAULT_CONF },
  {
    name: 'apibase',
    kind: 'string',
    usage: 'API Base (default: MACKEREL_APIBASE, the config, https://api.mackerelio.com)',
  },
];
const HELP_FLAG: FlagSpec = { name: 'help', aliases: ['h'], kind: 'bool', usage: 'show help' };

/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const colour = io.stderr.isTTY === true;
  const fail = (message: string): number => {
    io.stderr.write(logLine('error', message, colour));
    return 1;
  };
  let client: MackerelCliClient | undefined;
  try {
    // Global flags come first, up to the command word.
    let i = 0;
    while (i < argv.length && isFlag(argv[i] as string)) {
      const a = argv[i] as string;
      if (/^--?(conf|apibase)$/.test(a)) i += 2;
      else if (/^--?(conf|apibase)=/.test(a) || /^--?(help|h|version|v)$/.test(a)) i += 1;
      else return fail(`flag provided but not defined: ${a}`);
    }
    const front = parseArgs(argv.slice(0, i), [
      ...GLOBAL_FLAGS,
      HELP_FLAG,
      { name: 'version', aliases: ['v'], kind: 'bool', usage: '' },
    ]);
    if (front.bool('version')) {
      io.stdout.write(`saba version ${versionText()}\n`);
      return 0;
    }
    const rest = argv.slice(i);
    if (front.bool('help') || rest.length === 0 || (rest[0] === 'help' && rest.length === 1)) {
      io.stdout.write(appHelp(COMMANDS, GROUPS, GLOBAL_FLAGS));
      return 0;
    }
    const asksHelp = rest[0] === 'help';
    const words = asksHelp ? rest.slice(1) : rest;
    const found = findCommand(words);
    if (found === undefined) return fail(`unknown command '${words[0]}'; see saba --help`);
    const { command, group, consumed } = found;
    const subcommands = group.filter((c) => c.path.length === 2);
    if (command === undefined) {
      // A bare group word (`saba annotations`) shows its commands and fails, as mkr does.
      io.stdout.write(groupHelp(words[0] as string, subcommands));
      return asksHelp ? 0 : 1;
    }
    if (asksHelp) {
      io.stdout.write(commandHelp(command, command.path.length === 1 ? subcommands : []));
      return 0;
    }
    const args = parseArgs(words.slice(consumed), [...command.flags, ...GLOBAL_FLAGS, HELP_FLAG]);
    if (args.bool('help')) {
      io.stdout.write(commandHelp(command, command.path.length === 1 ? subcommands : []));
      return 0;
    }
    const globals: Globals = {
      conf: args.isSet('conf') ? args.string('conf') : front.string('conf'),
      apibase: args.isSet('apibase') ? args.string('apibase') : front.string('apibase'),
    };
    const ctx: Context = {
      args,
      io,
      globals,
      client: async () => {
        if (client === undefined) {
          const target = await resolveApiTarget(globals, io.env);
          client = new MackerelCliClient({ ...target, userAgent: `saba-cli/${CLI_VERSION}`, keepAlive: true });
        }
        return client;
      },
      log: (prefix, message) => io.stderr.write(logLine(prefix, message, colour)),
    };
    return (await command.run(ctx)) ?? 0;
  } catch (e) {
    if (e instanceof CliError) return fail(e.message);
    // mackerel-client-go's APIError words, which mkr prints.
    if (e instanceof ApiError) return fail(`API request failed: ${e.detail}`);
    if (e instanceof NetworkError) return fail(e.message);
    return fail(io.env.DEBUG ? String((e as Error).stack ?? e) : String((e as Error).message ?? e));
  } finally {
    client?.transport.close();
  }
}

interface Found {
  /** The command to run; undefined when only a group word (`annotations`) was given. */
  readonly command: Command | undefined;
  /** Every command under the first word. */
  readonly group: readonly Command[];
  /** How many words name the command. */
  readonly consumed: number;
}

function findCommand(words: readonly string[]): Found | undefined {
  const group = COMMANDS.filter((c) => c.path[0] === words[0]);
  if (group.length === 0) return undefined;
  const sub = group.find((c) => c.path.length === 2 && c.path[1] === words[1]);
  if (sub !== undefined) return { command: sub, group, consumed: 2 };
  return { command: group.find((c) => c.path.length === 1), group, consumed: 1 };
}
