// `saba annotations list -s service --from --to [--jq]`: a service's graph annotations in a range.
import { type Command, JQ_FLAG } from '../../command.ts';
import { printJson } from '../../output.ts';
import { RANGE_FLAGS, requireRange } from './annotation-flags.ts';

/** mkr annotations list. */
export const annotationsListCommand: Command = {
  path: ['annotations', 'list'],
  usage: 'list annotations',
  argsUsage: '--from <from> --to <to> --service|-s <service> [--jq <formula>]',
  description: 'Shows annotations by service name and duration (from and to)',
  flags: [...RANGE_FLAGS, JQ_FLAG],
  async run({ args, io, client }) {
    requireRange(args, 'list graph annotations');
    const list = await (await client()).findGraphAnnotations(args.string('service'), args.int('from'), args.int('to'));
    await printJson(io, list, args.string('jq'));
    return 0;
  },
};
