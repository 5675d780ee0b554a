// `saba dashboards pull [--id <id>]`: writes each dashboard, as GET /api/v0/dashboards/<id> answers
// it, to `dashboard-<id>.json` in the current directory (four-space indent, no final newline, as mkr).
import { writeFile } from 'node:fs/promises';
import type { Command } from '../../command.ts';
import { prettyJson } from '../../output.ts';

/** mkr dashboards pull. */
export const dashboardsPullCommand: Command = {
  path: ['dashboards', 'pull'],
  usage: 'Pull custom dashboards',
  argsUsage: '[--id <dashboardId>]',
  description: 'Pull custom dashboards from Mackerel server and output these to local files.',
  flags: [{ name: 'id', kind: 'string', usage: 'Pull only the dashboard of this id' }],
  async run({ args, client, log }) {
    const api = await client();
    const only = args.string('id');
    const ids = only !== '' ? [only] : (await api.listDashboards()).map((d) => String(d.id));
    for (const id of ids) {
      const dashboard = await api.getDashboard(id);
      const file = `dashboard-${id}.json`;
      await writeFile(file, prettyJson(dashboard));
      log('info', `Dashboard file is saved to '${file}'(title:${String(dashboard.title)})`);
    }
    return 0;
  },
};
