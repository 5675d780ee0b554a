// `saba annotations update --id <id> ...`: replaces an annotation; prints the stored one.
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { printJson } from '../../output.ts';
import { annotationFromFlags, BODY_FLAGS, requireRange } from './annotation-flags.ts';

/** mkr annotations update. */
export const annotationsUpdateCommand: Command = {
  path: ['annotations', 'update'],
  usage: 'update annotation',
  argsUsage:
    '--id <id> [--title <title>] [--description <description>] [--description-file <file-path>] --from <from> --to <to> --service|-s <service> [--role|-r <role>]',
  description: 'Updates an annotation',
  flags: [{ name: 'id', kind: 'string', usage: 'Annotation ID.' }, ...BODY_FLAGS],
  async run({ args, io, client }) {
    const id = args.string('id');
    if (id === '') throw new CliError('`id` is a required field to update a graph annotation.');
    requireRange(args, 'update a graph annotation');
    const annotation = await annotationFromFlags(args, io);
    await printJson(io, await (await client()).updateGraphAnnotation(id, annotation));
    return 0;
  },
};
