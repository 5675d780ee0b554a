// `saba channels pull [-F channels.json] [-v]`: saves the channels to a file as mkr does,
// {"channels": [...]} indented by four spaces.
import { writeFile } from 'node:fs/promises';
import type { Command } from '../../command.ts';
import { prettyJson, printJson } from '../../output.ts';

/** mkr channels pull. */
export const channelsPullCommand: Command = {
  path: ['channels', 'pull'],
  usage: 'pull channel settings',
  argsUsage: '[--file-path | -F <file>] [--verbose | -v]',
  description:
    "Pull channels settings from Mackerel server and save them to a file. The file can be specified by filepath argument <file>. The default is 'channels.json'.",
  flags: [
    {
      name: 'file-path',
      aliases: ['F'],
      kind: 'string',
      usage: 'Filename to store channel settings. default: channels.json',
    },
    { name: 'verbose', aliases: ['v'], kind: 'bool', usage: 'Verbose output mode' },
  ],
  async run({ args, io, client, log }) {
    const channels = await (await client()).listChannels();
    const file = args.string('file-path') || 'channels.json';
    await writeFile(file, `${prettyJson({ channels })}\n`);
    if (args.bool('verbose')) await printJson(io, channels);
    log('info', `Channels are saved to '${file}' (${channels.length} rules).`);
    return 0;
  },
};
