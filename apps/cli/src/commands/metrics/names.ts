// `saba metric-names (-H hostId | -s service)`: the metric names a host or service has posted.
import { CliError } from '../../cli-error.ts';
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr metric-names. */
export const metricNamesCommand: Command = {
  path: ['metric-names'],
  usage: 'Fetch metric names',
  argsUsage: '[--host | -H <hostId>] [--service | -s <service>] [--jq <formula>]',
  description:
    'Fetch metric names of \'host metric\' or \'service metric\'.\nRequests "/api/v0/hosts/<hostId>/metric-names" or "/api/v0/services/<serviceName>/metric-names".\nSee https://mackerel.io/api-docs/entry/hosts#metric-names, https://mackerel.io/api-docs/entry/services#metric-names',
  flags: [
    { name: 'host', aliases: ['H'], kind: 'string', usage: 'Fetch host metric names of <hostID>.' },
    { name: 'service', aliases: ['s'], kind: 'string', usage: 'Fetch service metric names of <service>.' },
    JQ_FLAG,
  ],
  async run({ args, io, client }) {
    const hostId = args.string('host');
    const service = args.string('service');
    if (hostId === '' && service === '')
      throw new CliError('metric-names needs --host <hostId> or --service <service>');
    const api = await client();
    const names = hostId !== '' ? await api.listHostMetricNames(hostId) : await api.listServiceMetricNames(service);
    await printJson(io, names, args.string('jq'));
    return 0;
  },
};
