// The flags `annotations create` and `update` share, and the reading of the annotation they give:
// mkr's required-field checks and messages, and --description-file (`-` for stdin).
import { readFile } from 'node:fs/promises';
import type { GraphAnnotation } from '@saba/client';
import type { FlagSpec, ParsedArgs } from '../../args.ts';
import { CliError } from '../../cli-error.ts';
import type { Io } from '../../command.ts';

/** --service, --from and --to, which list, create and update all take. */
export const RANGE_FLAGS: readonly FlagSpec[] = [
  { name: 'service', aliases: ['s'], kind: 'string', usage: 'Service name for annotation' },
  { name: 'from', kind: 'int', usage: 'Starting time (epoch seconds)' },
  { name: 'to', kind: 'int', usage: 'Ending time (epoch seconds)' },
];

/** The body flags of create and update. */
export const BODY_FLAGS: readonly FlagSpec[] = [
  { name: 'title', kind: 'string', usage: 'Title for annotation' },
  { name: 'description', kind: 'string', usage: 'Description for annotation' },
  {
    name: 'description-file',
    kind: 'string',
    usage: 'Read description text for annotation from file (use "-" to read from stdin)',
  },
  ...RANGE_FLAGS,
  { name: 'role', aliases: ['r'], kind: 'strings', usage: 'Roles for annotation. Multiple choices are allowed' },
];

/** Throws mkr's "`<field>` is a required field to <action>." unless service, from and to are given. */
export function requireRange(args: ParsedArgs, action: string): void {
  if (args.string('service') === '') throw new CliError(`\`service\` is a required field to ${action}.`);
  if (args.int('from') === 0) throw new CliError(`\`from\` is a required field to ${action}.`);
  if (args.int('to') === 0) throw new CliError(`\`to\` is a required field to ${action}.`);
}

async function readStdin(io: Io): Promise<string> {
  let text = '';
  io.stdin.setEncoding('utf8');
  for await (const chunk of io.stdin) text += chunk as string;
  return text;
}

/** The annotation the flags describe (after requireRange); the description read from its file if given. */
export async function annotationFromFlags(args: ParsedArgs, io: Io): Promise<GraphAnnotation> {
  let description = args.string('description');
  const file = args.string('description-file');
  if (description !== '' && file !== '') throw new CliError('specify one of `description` or `description-file`.');
  if (file === '-') description = await readStdin(io);
  else if (file !== '') description = await readFile(file, 'utf8');
  const roles = args.strings('role');
  return {
    title: args.string('title'),
    description,
    from: args.int('from'),
    to: args.int('to'),
    service: args.string('service'),
    ...(roles.length > 0 ? { roles } : {}),
  };
}
