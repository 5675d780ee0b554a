// `saba retire [--force] [hostIds...]`: retires hosts after mkr's y/n question; with no id, the
// local agent's host (the `id` file under the agent config's root).
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { localHostId } from '../../config.ts';
import { confirmYes } from '../../prompt.ts';

/** mkr retire. */
export const retireCommand: Command = {
  path: ['retire'],
  usage: 'Retire hosts',
  argsUsage: '[--force] hostIds...',
  description:
    'Retire host identified by <hostId>. Be careful because this is an irreversible operation.\nRequests POST /api/v0/hosts/<hostId>/retire parallelly. See https://mackerel.io/api-docs/entry/hosts#retire .',
  flags: [{ name: 'force', kind: 'bool', usage: 'Force retirement without confirmation.' }],
  async run({ args, globals, io, client, log }) {
    let ids = args.positionals;
    if (ids.length === 0) {
      const local = await localHostId(globals.conf);
      if (local === undefined) throw new CliError('a host id is required: saba retire [--force] <hostIds...>');
      ids = [local];
    }
    if (
      !args.bool('force') &&
      !(await confirmYes(io, `Retire following hosts.\n  ${ids.join('\n  ')}\nAre you sure?`))
    ) {
      log('', 'retirement is canceled.');
      return 0;
    }
    const api = await client();
    for (const id of ids) {
      await api.retireHost(id);
      log('retired', id);
    }
    return 0;
  },
};
