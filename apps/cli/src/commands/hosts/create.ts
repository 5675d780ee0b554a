// `saba create <hostName>`: registers a standard host (a router, a database whose metrics are
// posted from elsewhere), then sets its status when --status is given, as mkr does.
import type { HostStatus } from '@saba/client';
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';

/** mkr create. */
export const createCommand: Command = {
  path: ['create'],
  usage: 'Create a new host',
  argsUsage:
    '[--status | -st <status>] [--roleFullname | -R <service:role>] [--customIdentifier <customIdentifier>] [--memo <memo>] <hostName>',
  description:
    'Create a new host with status, roleFullname, customIdentifier and/or memo.\nRequests "POST /api/v0/hosts". See https://mackerel.io/api-docs/entry/hosts#create .',
  flags: [
    { name: 'status', aliases: ['st'], kind: 'string', usage: "Host status ('working', 'standby', 'maintenance')" },
    {
      name: 'roleFullname',
      aliases: ['R'],
      kind: 'strings',
      usage: 'Multiple choices are allowed. ex. My-Service:proxy, My-Service:db-master',
    },
    { name: 'customIdentifier', kind: 'string', usage: 'CustomIdentifier for the Host' },
    { name: 'memo', kind: 'string', usage: 'memo for the Host' },
  ],
  async run({ args, client, log }) {
    const name = args.positionals[0];
    if (name === undefined || name === '') throw new CliError('a host name is required: saba create <hostName>');
    const api = await client();
    const customIdentifier = args.string('customIdentifier');
    const memo = args.string('memo');
    const id = await api.createStandardHost({
      name,
      meta: {},
      roleFullnames: args.strings('roleFullname'),
      ...(customIdentifier !== '' ? { customIdentifier } : {}),
      ...(memo !== '' ? { memo } : {}),
    });
    log('created', id);
    const status = args.string('status');
    if (status !== '') {
      await api.updateHostStatus(id, status as HostStatus);
      log('updated', `${id} ${status}`);
    }
    return 0;
  },
};
