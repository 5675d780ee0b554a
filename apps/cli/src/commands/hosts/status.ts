// `saba status [-v] <hostId>`: one host, short (mkr's format.Host) or, with -v, as the API has it.
import { CliError } from '../../cli-error.ts';
import { type Command, JQ_FLAG } from '../../command.ts';
import { localHostId } from '../../config.ts';
import { hostSummary } from '../../host-summary.ts';
import { printJson } from '../../output.ts';

/** mkr status. */
export const statusCommand: Command = {
  path: ['status'],
  usage: 'Show the host',
  argsUsage: '[-v|--verbose] [--jq <formula>] <hostId>',
  description:
    'Show the information of the host identified with <hostId>.\nRequests "GET /api/v0/hosts/<hostId>". See https://mackerel.io/api-docs/entry/hosts#get .',
  flags: [{ name: 'verbose', aliases: ['v'], kind: 'bool', usage: 'Verbose output mode' }, JQ_FLAG],
  async run({ args, globals, io, client }) {
    // With no id, mkr shows the local agent's host.
    const id = args.positionals[0] ?? (await localHostId(globals.conf));
    if (id === undefined) throw new CliError('a host id is required: saba status <hostId>');
    const host = await (await client()).getHost(id);
    await printJson(io, args.bool('verbose') ? host : hostSummary(host), args.string('jq'));
    return 0;
  },
};
