// `saba monitors push [-F monitors.json] [--dry-run] [-v]`: makes the server's monitors what the
// file says, in mkr's order (create, delete, update), each announced by mkr's `info` line and the
// monitor's JSON. Every rule is checked and matched first; deleting asks retire's y/n question
// (on a terminal; elsewhere the default, yes, as mkr's prompter does), and "n" pushes nothing.
import type { JsonObject } from '@saba/client';
import type { Command } from '../../command.ts';
import { printJson } from '../../output.ts';
import { confirmYes } from '../../prompt.ts';
import { stringifyRule } from './json-diff.ts';
import { type Rule, toRule } from './monitor-rules.ts';
import { FILE_FLAG, loadPlan, rulesFile } from './rules-file.ts';

/** The body sent for a rule: the file's fields without the id, which the URL carries. */
function body(m: Rule): JsonObject {
  const { id: _id, ...rest } = m;
  return rest;
}

/** mkr monitors push. */
export const monitorsPushCommand: Command = {
  path: ['monitors', 'push'],
  usage: 'push rules',
  argsUsage: '[--dry-run | -d] [--file-path | -F <file>] [--verbose | -v]',
  description:
    "Push monitor rules stored in a file to Mackerel. The file can be specified by filepath argument <file>. The default is 'monitors.json'.",
  flags: [
    FILE_FLAG,
    { name: 'dry-run', aliases: ['d'], kind: 'bool', usage: 'Show which apis are called, but not execute.' },
    { name: 'verbose', aliases: ['v'], kind: 'bool', usage: 'Verbose output mode' },
  ],
  async run({ args, io, client, log }) {
    const api = await client();
    const plan = await loadPlan(api, rulesFile(args.string('file-path')));
    const dryRun = args.bool('dry-run');
    const verbose = args.bool('verbose');
    if (!dryRun && plan.remove.length > 0) {
      const names = plan.remove.map((m) => `${String(m.id)} ${String(m.name ?? '')}`.trimEnd());
      if (!(await confirmYes(io, `Delete following monitors.\n  ${names.join('\n  ')}\nAre you sure?`))) {
        log('', 'push is canceled; nothing was changed.');
        return 0;
      }
    }
    // With -v, the server's answer to each call, as mkr's verbose client dumps the responses.
    const shown = async (answer: JsonObject) => {
      if (verbose) await printJson(io, answer);
    };
    for (const m of plan.append) {
      log('info', 'Create a new rule.');
      io.stdout.write(`${stringifyRule(toRule(m), '')}\n`);
      if (!dryRun) await shown(await api.createMonitor(body(m)));
    }
    for (const m of plan.remove) {
      log('info', 'Delete a rule.');
      io.stdout.write(`${stringifyRule(toRule(m), '')}\n`);
      if (!dryRun) await shown(await api.deleteMonitor(String(m.id)));
    }
    for (const { remote, local } of plan.modify) {
      log('info', 'Update a rule.');
      io.stdout.write(`${stringifyRule(toRule(local), '')}\n`);
      if (!dryRun) await shown(await api.updateMonitor(String(remote.id), body(local)));
    }
    return 0;
  },
};
