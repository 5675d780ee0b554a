// `saba alerts [-w] [-l N] [--jq]`: the alerts as the API returns them, in one JSON array.
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';
import { alertsLimit, DEFAULT_ALERTS_LIMIT, fetchAlerts } from './fetch-alerts.ts';

/** mkr alerts. */
export const alertsCommand: Command = {
  path: ['alerts'],
  usage: 'Retrieve/Close alerts',
  argsUsage: '[--with-closed | -w] [--limit | -l] [--jq <formula>]',
  description:
    'Retrieve/Close alerts. With no subcommand specified, this will show all alerts.\nRequests APIs under "/api/v0/alerts". See https://mackerel.io/api-docs/entry/alerts .',
  flags: [
    {
      name: 'with-closed',
      aliases: ['w'],
      kind: 'bool',
      usage: 'Display open alert including close alert. default: false',
    },
    {
      name: 'limit',
      aliases: ['l'],
      kind: 'int',
      usage: `Set the number of alerts to display. Default is set to ${DEFAULT_ALERTS_LIMIT} when -with-closed is set, otherwise all the open alerts are displayed.`,
    },
    JQ_FLAG,
  ],
  async run({ args, io, client }) {
    const withClosed = args.bool('with-closed');
    const alerts = await fetchAlerts(await client(), withClosed, alertsLimit(args, withClosed));
    await printJson(io, alerts, args.string('jq'));
    return 0;
  },
};
