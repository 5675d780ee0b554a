// `saba alerts logs <alertId> [-l N] [--jq]`: the alert's status changes, newest first, a page at a
// time until the limit (default 100).
import type { JsonObject } from '@saba/client';
import { CliError } from '../../cli-error.ts';
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';
import { DEFAULT_ALERTS_LIMIT } from './fetch-alerts.ts';

/** mkr alerts logs. */
export const alertsLogsCommand: Command = {
  path: ['alerts', 'logs'],
  usage: 'show alert logs',
  argsUsage: '[--limit | -l N] [--jq <formula>] <alertId>',
  description: 'Shows the status history of an alert.\nRequests "GET /api/v0/alerts/<alertId>/logs".',
  flags: [
    {
      name: 'limit',
      aliases: ['l'],
      kind: 'int',
      usage: `Set the number of logs to display. default: ${DEFAULT_ALERTS_LIMIT}`,
      defaultValue: DEFAULT_ALERTS_LIMIT,
    },
    JQ_FLAG,
  ],
  async run({ args, io, client }) {
    const id = args.positionals[0];
    if (id === undefined) throw new CliError('alerts logs needs an alert id: saba alerts logs <alertId>');
    const limit = args.int('limit');
    if (limit < 0) throw new CliError('limit should not be negative');
    const api = await client();
    const logs: JsonObject[] = [];
    let next: string | undefined;
    do {
      const page = await api.alertLogs(id, next);
      logs.push(...page.items);
      next = page.nextId;
    } while (next !== undefined && logs.length < limit);
    await printJson(io, logs.slice(0, limit), args.string('jq'));
    return 0;
  },
};
