// `saba metrics (-H hostId | -s service) -n name [--from] [--to]`: one series' points; the range
// defaults to from=0, to=now, as mkr's.
import { CliError } from '../../cli-error.ts';
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr metrics. */
export const metricsCommand: Command = {
  path: ['metrics'],
  usage: 'Fetch metric values',
  argsUsage:
    '[--host | -H <hostId>] [--service | -s <service>] [--name | -n <metricName>] [--jq <formula>] --from int --to int',
  description:
    'Fetch metric values of \'host metric\' or \'service metric\'.\nRequests "/api/v0/hosts/<hostId>/metrics" or "/api/v0/services/<serviceName>/tsdb".\nSee https://mackerel.io/api-docs/entry/host-metrics#get, https://mackerel.io/api-docs/entry/service-metrics#get.',
  flags: [
    { name: 'host', aliases: ['H'], kind: 'string', usage: 'Fetch host metric values of <hostID>.' },
    { name: 'service', aliases: ['s'], kind: 'string', usage: 'Fetch service metric values of <service>.' },
    {
      name: 'name',
      aliases: ['n'],
      kind: 'string',
      usage: 'The name of the metric for which you want to obtain the metric.',
    },
    {
      name: 'from',
      kind: 'int',
      usage: 'The first of the period for which you want to obtain the metric. (epoch seconds)',
    },
    {
      name: 'to',
      kind: 'int',
      usage: 'The end of the period for which you want to obtain the metric. (epoch seconds)',
    },
    JQ_FLAG,
  ],
  async run({ args, io, client }) {
    const hostId = args.string('host');
    const service = args.string('service');
    if (hostId === '' && service === '') throw new CliError('metrics needs --host <hostId> or --service <service>');
    const name = args.string('name');
    const from = args.int('from');
    const to = args.int('to') || Math.floor(Date.now() / 1000);
    const api = await client();
    const points =
      hostId !== ''
        ? await api.fetchHostMetricValues(hostId, name, from, to)
        : await api.fetchServiceMetricValues(service, name, from, to);
    await printJson(io, points, args.string('jq'));
    return 0;
  },
};
