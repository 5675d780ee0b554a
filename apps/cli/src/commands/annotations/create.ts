// `saba annotations create --title ... -s service --from --to [-r role...]`: a deploy job's marker on
// the service's graphs; prints the stored annotation.
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { printJson } from '../../output.ts';
import { annotationFromFlags, BODY_FLAGS, requireRange } from './annotation-flags.ts';

/** mkr annotations create. */
export const annotationsCreateCommand: Command = {
  path: ['annotations', 'create'],
  usage: 'create a graph annotation',
  argsUsage:
    '--title <title> [--description <description>] [--description-file <file-path>] --from <from> --to <to> --service|-s <service> [--role|-r <role>]',
  description: 'Creates a graph annotation.',
  flags: BODY_FLAGS,
  async run({ args, io, client }) {
    const action = 'create a graph annotation';
    if (args.string('title') === '') throw new CliError(`\`title\` is a required field to ${action}.`);
    requireRange(args, action);
    const annotation = await annotationFromFlags(args, io);
    await printJson(io, await (await client()).createGraphAnnotation(annotation));
    return 0;
  },
};
