// `saba fetch -n name [-n name...] hostIds...`: the latest value of each metric of each host, as
// GET /api/v0/tsdb/latest answers (host id -> metric name -> {time, value}), 100 hosts a request.
import { CliError } from '../../cli-error.ts';
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';

// mkr's batch size, which keeps the query string under common URL length limits.
const HOSTS_PER_REQUEST = 100;

/** mkr fetch. */
export const fetchCommand: Command = {
  path: ['fetch'],
  usage: 'Fetch latest metric values',
  argsUsage: '[--name | -n <metricName>] [--jq <formula>] hostIds...',
  description:
    'Fetch latest metric values about the hosts.\nRequests "GET /api/v0/tsdb/latest". See https://mackerel.io/api-docs/entry/host-metrics#get-latest .',
  flags: [
    {
      name: 'name',
      aliases: ['n'],
      kind: 'strings',
      usage: 'Fetch metric values identified with <name>. Required. Multiple choices are allowed. ',
    },
    JQ_FLAG,
  ],
  async run({ args, io, client }) {
    const hostIds = args.positionals;
    const names = args.strings('name');
    if (hostIds.length === 0 || names.length === 0) throw new CliError('fetch needs -n <metricName> and host ids');
    const api = await client();
    const all: Record<string, unknown> = {};
    for (let i = 0; i < hostIds.length; i += HOSTS_PER_REQUEST) {
      Object.assign(all, await api.fetchLatestMetricValues(hostIds.slice(i, i + HOSTS_PER_REQUEST), names));
    }
    await printJson(io, all, args.string('jq'));
    return 0;
  },
};
