// `saba monitors diff [-F monitors.json] [--exit-code] [--reverse]`: mkr's summary line, then each
// changed monitor as marked lines, then the monitors only one side has, whole, marked - or +.
import type { Command } from '../../command.ts';
import { diffRules, stringifyRule } from './json-diff.ts';
import { comparable, toRule } from './monitor-rules.ts';
import { FILE_FLAG, loadPlan, rulesFile } from './rules-file.ts';

/** mkr monitors diff. */
export const monitorsDiffCommand: Command = {
  path: ['monitors', 'diff'],
  usage: 'diff rules',
  argsUsage: '[--file-path | -F <file>]',
  description:
    "Show difference of monitor rules between Mackerel and a file. The file can be specified by filepath argument <file>. The default is 'monitors.json'.",
  flags: [
    {
      name: 'exit-code',
      aliases: ['e'],
      kind: 'bool',
      usage: "Make mkr exit with code 1 if there are differences and 0 if there aren't. This is similar to diff(1)",
    },
    FILE_FLAG,
    {
      name: 'reverse',
      kind: 'bool',
      usage:
        'The difference on the remote server is represented by plus and the difference on the local file is represented by minus',
    },
  ],
  async run({ args, io, client }) {
    const plan = await loadPlan(await client(), rulesFile(args.string('file-path')));
    const reverse = args.bool('reverse');
    const onlyFrom = reverse ? plan.append : plan.remove;
    const onlyTo = reverse ? plan.remove : plan.append;
    const out: string[] = [
      `Summary: ${plan.modify.length} modify, ${onlyTo.length} append, ${onlyFrom.length} remove\n\n`,
    ];
    for (const { remote, local } of plan.modify) {
      const [from, to] = reverse ? [local, remote] : [remote, local];
      out.push(`${diffRules(comparable(from), comparable(to))}\n`);
    }
    for (const m of onlyFrom) out.push(`${stringifyRule(toRule(m), '-')}\n`);
    for (const m of onlyTo) out.push(`${stringifyRule(toRule(m), '+')}\n`);
    io.stdout.write(out.join(''));
    const same = plan.modify.length + plan.append.length + plan.remove.length === 0;
    return args.bool('exit-code') && !same ? 1 : 0;
  },
};
