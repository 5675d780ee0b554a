// `saba dashboards`: the custom dashboards as the API lists them, indented as mkr prints them.
import type { Command } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr dashboards. */
export const dashboardsCommand: Command = {
  path: ['dashboards'],
  usage: 'Manipulate custom dashboards',
  description:
    'Manipulate custom dashboards. With no subcommand specified, this will show all dashboards. See https://mackerel.io/docs/entry/advanced/cli',
  flags: [],
  async run({ io, client }) {
    await printJson(io, await (await client()).listDashboards());
    return 0;
  },
};
