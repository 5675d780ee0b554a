// `saba annotations delete --id <id>`: deletes an annotation; prints what was deleted.
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { printJson } from '../../output.ts';

/** mkr annotations delete. */
export const annotationsDeleteCommand: Command = {
  path: ['annotations', 'delete'],
  usage: 'delete annotation',
  argsUsage: '--id <id>',
  description: 'Delete graph annotation by annotation id',
  flags: [{ name: 'id', kind: 'string', usage: 'Graph annotation ID' }],
  async run({ args, io, client }) {
    const id = args.string('id');
    if (id === '') throw new CliError('`id` is a required field to delete a graph annotation.');
    await printJson(io, await (await client()).deleteGraphAnnotation(id));
    return 0;
  },
};
