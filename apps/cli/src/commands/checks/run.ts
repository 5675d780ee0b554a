// `saba checks run`: runs every [plugin.checks.*] command of the agent config once, a few at a time,
// and prints mkr's TAP report; any failed check makes it exit 1 with mkr's summary line.
import { cpus } from 'node:os';
import { type CheckPluginConfig, loadConfig } from '@saba/agent-config';
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { runPlugin } from './run-check.ts';
import { type CheckOutcome, failureSummary, isOk, tapEntry, tapHeader } from './tap.ts';

/** mkr checks run. */
export const checksRunCommand: Command = {
  path: ['checks', 'run'],
  usage: 'run check commands in mackerel-agent.conf',
  description:
    'Execute command of check plugins in mackerel-agent.conf all at once.\nIt is used for checking setting and operation of the check plugins.\nThe result is output to stdout in TAP format. If any check fails,\nit exits non-zero.',
  flags: [],
  async run({ globals, io }) {
    let checks: readonly CheckPluginConfig[];
    try {
      checks = (await loadConfig(globals.conf, {}, { requireApikey: false })).config.checkPlugins;
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    // Go's map order is random; saba prints in name order so two runs compare line by line.
    const sorted = [...checks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // mkr runs at most 2 × CPUs at once.
    const limit = Math.max(1, cpus().length * 2);
    const outcomes = runLimited(sorted, limit, async (c) => outcome(c, await runPlugin(c, io.env)));
    io.stdout.write(tapHeader(sorted.length));
    let failed = 0;
    for (let i = 0; i < outcomes.length; i++) {
      const o = await (outcomes[i] as Promise<CheckOutcome>);
      io.stdout.write(`${tapEntry(o, i + 1)}\n`);
      if (!isOk(o)) failed++;
    }
    if (failed > 0) throw new CliError(failureSummary(failed, sorted.length));
    return 0;
  },
};

function outcome(
  c: CheckPluginConfig,
  r: { stdout: string; stderr: string; exitCode: number; error: string },
): CheckOutcome {
  return {
    name: c.name,
    memo: c.memo ?? '',
    // mkr shows the array as configured, a string command as one element.
    command: typeof c.command === 'string' ? [c.command] : c.command,
    exitCode: r.exitCode,
    stdout: r.stdout.trim(),
    stderr: r.stderr.trim(),
    error: r.error,
  };
}

/** Starts each job when fewer than `limit` are running; the promises are in the items' order. */
function runLimited<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R>[] {
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    if (running < limit) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next();
  };
  return items.map(async (item) => {
    await slot();
    try {
      return await job(item);
    } finally {
      release();
    }
  });
}
