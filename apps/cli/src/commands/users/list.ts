// `saba users [-v] [-f format] [--jq formula]`: the organization's users in mkr's shape.
import { CliError } from '../../cli-error.ts';
import { type Command, JQ_FLAG } from '../../command.ts';
import { executeGoTemplate } from '../../go-template.ts';
import { printJson } from '../../output.ts';
import { userSummary, userVerbose } from './user-summary.ts';

/** mkr users. */
export const usersCommand: Command = {
  path: ['users'],
  usage: 'List users',
  argsUsage: '[--verbose | -v] [--format | -f <format>] [--jq <formula>]',
  description:
    'List the information of the users.\nRequests "GET /api/v0/users". See https://mackerel.io/api-docs/entry/users#list .',
  flags: [
    { name: 'format', aliases: ['f'], kind: 'string', usage: 'Output format template' },
    { name: 'verbose', aliases: ['v'], kind: 'bool', usage: 'Verbose output mode' },
    JQ_FLAG,
  ],
  async run({ args, io, client }) {
    const format = args.string('format');
    const jq = args.string('jq');
    const users = await (await client()).listUsers();
    // mkr fetches first and checks the flags after, so a bad key is reported before this.
    if (format !== '' && jq !== '') throw new CliError('--format and --jq options are incompatible.');
    if (format !== '') io.stdout.write(executeGoTemplate(format, users));
    else await printJson(io, users.map(args.bool('verbose') ? userVerbose : userSummary), jq);
    return 0;
  },
};
