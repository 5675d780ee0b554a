// `saba channels`: the notification channels, as the API lists them.
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr channels. */
export const channelsCommand: Command = {
  path: ['channels'],
  usage: 'List notification channels',
  argsUsage: '[--jq <formula>]',
  description:
    'Lists notification channels. With no subcommand specified, this will show all channels.\nRequests APIs under "/api/v0/channels". See https://mackerel.io/api-docs/entry/channels .',
  flags: [JQ_FLAG],
  async run({ args, io, client }) {
    await printJson(io, await (await client()).listChannels(), args.string('jq'));
    return 0;
  },
};
