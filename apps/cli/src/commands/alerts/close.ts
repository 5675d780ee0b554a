// `saba alerts close <alertIds...> [-r reason] [-v]`: closes each alert, logging `Alert closed <id>`.
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr alerts close. */
export const alertsCloseCommand: Command = {
  path: ['alerts', 'close'],
  usage: 'close alerts',
  argsUsage: '<alertIds....>',
  description: 'Closes alerts. Multiple alert IDs can be specified.',
  flags: [
    { name: 'reason', aliases: ['r'], kind: 'string', usage: 'Reason of closing alert.' },
    { name: 'verbose', aliases: ['v'], kind: 'bool', usage: 'Verbose output mode' },
  ],
  async run({ args, io, client, log }) {
    const ids = args.positionals;
    if (ids.length === 0) throw new CliError('alerts close needs alert ids: saba alerts close <alertIds...>');
    const api = await client();
    for (const id of ids) {
      const alert = await api.closeAlert(id, args.string('reason'));
      log('Alert closed', id);
      if (args.bool('verbose')) await printJson(io, alert);
    }
    return 0;
  },
};
