// `saba org`: the organization the API key belongs to.
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr org. */
export const orgCommand: Command = {
  path: ['org'],
  usage: 'Fetch organization',
  argsUsage: '[--jq <formula>]',
  description:
    'Fetch organization.\nRequests APIs under "/api/v0/org". See https://mackerel.io/api-docs/entry/organizations .',
  flags: [JQ_FLAG],
  async run({ args, io, client }) {
    await printJson(io, await (await client()).getOrg(), args.string('jq'));
    return 0;
  },
};
