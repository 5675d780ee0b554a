// `saba hosts`: hosts filtered by name, service, roles and statuses; short JSON, the API's JSON
// with -v, a Go template with -f, or a jq filter with --jq.
import { CliError } from '../../cli-error.ts';
import { type Command, JQ_FLAG } from '../../command.ts';
import { executeGoTemplate } from '../../go-template.ts';
import { hostSummary } from '../../host-summary.ts';
import { printJson } from '../../output.ts';

/** mkr hosts. */
export const hostsCommand: Command = {
  path: ['hosts'],
  usage: 'List hosts',
  argsUsage:
    '[--verbose | -v] [--name | -n <name>] [--service | -s <service>] [[--role | -r <role>]...] [[--status | --st <status>]...] [--jq <formula>]',
  description:
    'List the information of the hosts refined by host name, service name, role name and/or status.\nRequests "GET /api/v0/hosts.json". See https://mackerel.io/api-docs/entry/hosts#list .',
  flags: [
    { name: 'name', aliases: ['n'], kind: 'string', usage: 'List hosts only matched with <name>' },
    { name: 'service', aliases: ['s'], kind: 'string', usage: 'List hosts only belonging to <service>' },
    {
      name: 'role',
      aliases: ['r'],
      kind: 'strings',
      usage: 'List hosts only belonging to <role>. Multiple choices are allowed. Required --service',
    },
    {
      name: 'status',
      aliases: ['st'],
      kind: 'strings',
      usage: 'List hosts only matched <status>. Multiple choices are allowed.',
    },
    { name: 'format', aliases: ['f'], kind: 'string', usage: 'Output format template' },
    { name: 'verbose', aliases: ['v'], kind: 'bool', usage: 'Verbose output mode' },
    JQ_FLAG,
  ],
  async run({ args, io, client }) {
    const format = args.string('format');
    const jq = args.string('jq');
    if (format !== '' && jq !== '') throw new CliError('--format and --jq options are incompatible.');
    const hosts = await (await client()).findHosts({
      name: args.string('name'),
      service: args.string('service'),
      roles: args.strings('role'),
      statuses: args.strings('status'),
    });
    if (format !== '') io.stdout.write(executeGoTemplate(format, hosts));
    else await printJson(io, args.bool('verbose') ? hosts : hosts.map(hostSummary), jq);
    return 0;
  },
};
