// `saba monitors pull [-F monitors.json] [-v]`: saves every monitor to the file as mkr does,
// {"monitors": [...]} indented by four spaces, each monitor in mackerel-client-go's shape.
import { writeFile } from 'node:fs/promises';
import type { Command } from '../../command.ts';
import { prettyJson, printJson } from '../../output.ts';
import { toRule } from './monitor-rules.ts';
import { FILE_FLAG, rulesFile } from './rules-file.ts';

/** mkr monitors pull. */
export const monitorsPullCommand: Command = {
  path: ['monitors', 'pull'],
  usage: 'pull rules',
  argsUsage: '[--file-path | -F <file>] [--verbose | -v]',
  description:
    "Pull monitor rules from Mackerel server and save them to a file. The file can be specified by filepath argument <file>. The default is 'monitors.json'.",
  flags: [FILE_FLAG, { name: 'verbose', aliases: ['v'], kind: 'bool', usage: 'Verbose output mode' }],
  async run({ args, io, client, log }) {
    const monitors = (await (await client()).listMonitors()).map(toRule);
    const file = rulesFile(args.string('file-path'));
    await writeFile(file, `${prettyJson({ monitors })}\n`);
    if (args.bool('verbose')) await printJson(io, monitors);
    log('info', `Monitor rules are saved to '${file}' (${monitors.length} rules).`);
    return 0;
  },
};
