// Reading monitors.json and planning against the server: what `monitors diff` and `push` share.
import { readFile } from 'node:fs/promises';
import type { MackerelCliClient } from '@saba/client';
import type { FlagSpec } from '../../args.ts';
import { CliError } from '../../cli-error.ts';
import { parseRulesFile, planSync, type Rule, type SyncPlan } from './monitor-rules.ts';

/** mkr's -F flag of the monitors subcommands. */
export const FILE_FLAG: FlagSpec = {
  name: 'file-path',
  aliases: ['F'],
  kind: 'string',
  usage: 'Filename to store monitor rule definitions. default: monitors.json',
};

/** The rules file named by -F, monitors.json when none is given. */
export function rulesFile(flag: string): string {
  return flag === '' ? 'monitors.json' : flag;
}

/** Reads the local rules, fetches the remote monitors and matches them; every check runs before any write. */
export async function loadPlan(api: MackerelCliClient, file: string): Promise<SyncPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(err.code === 'ENOENT' ? `open ${file}: no such file or directory` : `${file}: ${err.message}`);
  }
  const local = parseRulesFile(text, file);
  const remote = (await api.listMonitors()) as Rule[];
  return planSync(remote, local);
}
