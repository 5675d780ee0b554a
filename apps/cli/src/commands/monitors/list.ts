// `saba monitors [--jq <formula>]`: the monitors in mkr's shape (mackerel-client-go's field order).
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';
import { toRule } from './monitor-rules.ts';

/** mkr monitors. */
export const monitorsCommand: Command = {
  path: ['monitors'],
  usage: 'Manipulate monitors',
  argsUsage: '[--jq <formula>]',
  description:
    'Manipulate monitor rules. With no subcommand specified, this will show all monitor rules.\nRequests APIs under "/api/v0/monitors". See https://mackerel.io/api-docs/entry/monitors .',
  flags: [JQ_FLAG],
  async run({ args, io, client }) {
    const monitors = await (await client()).listMonitors();
    await printJson(io, monitors.map(toRule), args.string('jq'));
    return 0;
  },
};
