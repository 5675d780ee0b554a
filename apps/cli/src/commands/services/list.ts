// `saba services`: the organization's services with their roles, as the API lists them.
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr services. */
export const servicesCommand: Command = {
  path: ['services'],
  usage: 'List services',
  argsUsage: '[--jq <formula>]',
  description:
    'List the information of the services.\nRequests "GET /api/v0/services". See https://mackerel.io/api-docs/entry/services#list .',
  flags: [JQ_FLAG],
  async run({ args, io, client }) {
    await printJson(io, await (await client()).listServices(), args.string('jq'));
    return 0;
  },
};
