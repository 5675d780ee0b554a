// `saba update hostIds...`: name, display name, memo, status and roles of one or more hosts. Roles
// are added to the host's (PUT /hosts/<id> adds) unless -o replaces them; mkr's order of calls.
import type { HostInput, HostStatus } from '@saba/client';
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { localHostId } from '../../config.ts';
import { roleFullnames } from '../../host-summary.ts';

/** mkr update. */
export const updateCommand: Command = {
  path: ['update'],
  usage: 'Update the host',
  argsUsage:
    '[--name | -n <name>] [--displayName <displayName>] [--status | -st <status>] [--roleFullname | -R <service:role>] [--overwriteRoles | -o] [--memo <memo>] [<hostIds...>]',
  description:
    'Update the host identified with <hostId>.\nRequests "PUT /api/v0/hosts/<hostId>". See https://mackerel.io/api-docs/entry/hosts#update-information .',
  flags: [
    { name: 'name', aliases: ['n'], kind: 'string', usage: 'Update hostname.' },
    { name: 'displayName', kind: 'string', usage: 'Update displayName.' },
    { name: 'status', aliases: ['st'], kind: 'string', usage: 'Update status.' },
    { name: 'roleFullname', aliases: ['R'], kind: 'strings', usage: 'Update rolefullname.' },
    {
      name: 'overwriteRoles',
      aliases: ['o'],
      kind: 'bool',
      usage: 'Overwrite roles instead of adding specified roles.',
    },
    { name: 'memo', kind: 'string', usage: 'memo for the Host' },
  ],
  async run({ args, globals, client, log }) {
    let ids = args.positionals;
    if (ids.length === 0) {
      const local = await localHostId(globals.conf);
      if (local === undefined) throw new CliError('a host id is required: saba update [options] <hostIds...>');
      ids = [local];
    }
    const name = args.string('name');
    const displayName = args.string('displayName');
    const status = args.string('status');
    const roles = args.strings('roleFullname');
    const overwrite = args.bool('overwriteRoles');
    const memo = args.string('memo');
    const addRoles = !overwrite && roles.length > 0;
    const needHost = name !== '' || displayName !== '' || overwrite || memo !== '' || addRoles;
    if (status === '' && !needHost) throw new CliError('update: at least one argument is required.');
    const api = await client();
    for (const id of ids) {
      if (status !== '') await api.updateHostStatus(id, status as HostStatus);
      if (overwrite) await api.updateHostRoleFullnames(id, roles);
      if (needHost) {
        const host = await api.getHost(id);
        const input: HostInput = {
          name: name || host.name,
          meta: host.meta,
          interfaces: host.interfaces ?? null,
          // The PUT adds the roles it is given; the host's own are sent too, so nothing is lost.
          roleFullnames: addRoles ? roles : roleFullnames(host),
          checks: [],
        };
        const shownName = displayName || host.displayName;
        if (shownName) input.displayName = shownName;
        const shownMemo = memo || host.memo;
        if (shownMemo) input.memo = shownMemo;
        if (host.customIdentifier) input.customIdentifier = host.customIdentifier;
        await api.updateHost(id, input);
      }
      log('updated', id);
    }
    return 0;
  },
};
