// Help texts in the layout of mkr's (urfave/cli): NAME, USAGE, DESCRIPTION, OPTIONS; and the
// command list of `saba --help`.
import type { FlagSpec } from './args.ts';
import type { Command } from './command.ts';
import { CLI_REVISION, CLI_VERSION } from './version.ts';

function flagNames(f: FlagSpec): string {
  const value = f.kind === 'bool' ? '' : ' value';
  return [f.name, ...(f.aliases ?? [])].map((n) => `${n.length === 1 ? '-' : '--'}${n}${value}`).join(', ');
}

function optionLines(flags: readonly FlagSpec[]): string[] {
  const names = flags.map(flagNames);
  const width = Math.max(0, ...names.map((n) => n.length));
  return flags.map((f, i) => `   ${(names[i] as string).padEnd(width)}  ${f.usage}`);
}

/** The help of one command, with `subcommands` listed when it has any. */
export function commandHelp(cmd: Command, subcommands: readonly Command[]): string {
  const name = `saba ${cmd.path.join(' ')}`;
  const lines = ['NAME:', `   ${name} - ${cmd.usage}`, '', 'USAGE:', `   ${name} ${cmd.argsUsage ?? ''}`.trimEnd()];
  if (cmd.description !== undefined) {
    lines.push('', 'DESCRIPTION:', ...cmd.description.split('\n').map((l) => `   ${l}`.trimEnd()));
  }
  if (subcommands.length > 0) {
    lines.push('', 'COMMANDS:');
    const width = Math.max(...subcommands.map((s) => (s.path.at(-1) as string).length));
    for (const s of subcommands) lines.push(`   ${(s.path.at(-1) as string).padEnd(width)}  ${s.usage}`);
  }
  if (cmd.flags.length > 0) lines.push('', 'OPTIONS:', ...optionLines(cmd.flags));
  return `${lines.join('\n')}\n`;
}

/** The help of a noun that is only a group of subcommands (`saba annotations`). */
export function groupHelp(noun: string, subcommands: readonly Command[]): string {
  const width = Math.max(...subcommands.map((s) => (s.path.at(-1) as string).length));
  const lines = [
    'NAME:',
    `   saba ${noun}`,
    '',
    'USAGE:',
    `   saba ${noun} command [command options] [arguments...]`,
    '',
    'COMMANDS:',
  ];
  for (const s of subcommands) lines.push(`   ${(s.path.at(-1) as string).padEnd(width)}  ${s.usage}`);
  return `${lines.join('\n')}\n`;
}

/** `saba --help`: each noun (its own usage, or `groups`' for nouns that are only subcommands) and the global options. */
export function appHelp(
  commands: readonly Command[],
  groups: Readonly<Record<string, string>>,
  globals: readonly FlagSpec[],
): string {
  const nouns: [string, string][] = [];
  for (const c of commands) {
    const noun = c.path[0] as string;
    if (nouns.some(([n]) => n === noun)) continue;
    const top = commands.find((t) => t.path.length === 1 && t.path[0] === noun);
    nouns.push([noun, top?.usage ?? groups[noun] ?? '']);
  }
  const width = Math.max(...nouns.map(([n]) => n.length));
  const extra: FlagSpec[] = [
    { name: 'help', aliases: ['h'], kind: 'bool', usage: 'show help' },
    { name: 'version', aliases: ['v'], kind: 'bool', usage: 'print the version' },
  ];
  return [
    'NAME:',
    '   saba - A CLI tool for Saba and mackerel.io',
    '',
    'USAGE:',
    '   saba [global options] command [command options] [arguments...]',
    '',
    'VERSION:',
    `   ${versionText()}`,
    '',
    'COMMANDS:',
    ...nouns.map(([n, usage]) => `   ${n.padEnd(width)}  ${usage}`),
    '',
    'GLOBAL OPTIONS:',
    ...optionLines([...globals, ...extra]),
    '',
  ].join('\n');
}

/** `saba --version`'s text: mkr's `<version> (rev:<revision>)`. */
export function versionText(): string {
  return `${CLI_VERSION} (rev:${CLI_REVISION})`;
}
