// `saba dashboards push -F <file>`: updates the dashboard whose "id" the file holds (it must exist),
// or creates one when the file has no id. Like mkr, it prints nothing on success.
import { readFile } from 'node:fs/promises';
import type { JsonObject } from '@saba/client';
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';

/** mkr dashboards push. */
export const dashboardsPushCommand: Command = {
  path: ['dashboards', 'push'],
  usage: 'Push custom dashboard',
  argsUsage: '--file-path | F <file>',
  description:
    'Push custom dashboards to Mackerel server from a specified file.\nWhen "id" is defined in the file, updates the dashboard.\nOtherwise creates a new dashboard.',
  flags: [{ name: 'file-path', aliases: ['F'], kind: 'string', usage: 'read dashboard from the file' }],
  async run({ args, client }) {
    const file = args.string('file-path');
    if (file === '') throw new CliError('dashboards push needs a file: saba dashboards push -F <file>');
    let dashboard: unknown;
    try {
      dashboard = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new CliError(err.code === 'ENOENT' ? `open ${file}: no such file or directory` : `${file}: ${err.message}`);
    }
    if (typeof dashboard !== 'object' || dashboard === null || Array.isArray(dashboard)) {
      throw new CliError(`${file}: expected a dashboard object`);
    }
    // The id travels in the URL; the times are the server's to set.
    const { id, createdAt: _c, updatedAt: _u, ...fields } = dashboard as JsonObject;
    const api = await client();
    if (id !== undefined && id !== null && id !== '') {
      await api.getDashboard(String(id));
      await api.updateDashboard(String(id), fields);
    } else {
      await api.createDashboard(fields);
    }
    return 0;
  },
};
