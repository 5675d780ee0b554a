// Every command saba has, in the order `saba --help` lists them. Adding a command is one file under
// commands/<noun>/ and one line here (docs/cli.md).
import type { Command } from './command.ts';
import { alertsCloseCommand } from './commands/alerts/close.ts';
import { alertsListCommand } from './commands/alerts/list.ts';
import { alertsLogsCommand } from './commands/alerts/logs.ts';
import { alertsCommand } from './commands/alerts/retrieve.ts';
import { annotationsCreateCommand } from './commands/annotations/create.ts';
import { annotationsDeleteCommand } from './commands/annotations/delete.ts';
import { annotationsListCommand } from './commands/annotations/list.ts';
import { annotationsUpdateCommand } from './commands/annotations/update.ts';
import { channelsCommand } from './commands/channels/list.ts';
import { channelsPullCommand } from './commands/channels/pull.ts';
import { checksRunCommand } from './commands/checks/run.ts';
import { dashboardsCommand } from './commands/dashboards/list.ts';
import { dashboardsPullCommand } from './commands/dashboards/pull.ts';
import { dashboardsPushCommand } from './commands/dashboards/push.ts';
import { createCommand } from './commands/hosts/create.ts';
import { hostsCommand } from './commands/hosts/list.ts';
import { retireCommand } from './commands/hosts/retire.ts';
import { statusCommand } from './commands/hosts/status.ts';
import { updateCommand } from './commands/hosts/update.ts';
import { fetchCommand } from './commands/metrics/fetch.ts';
import { metricNamesCommand } from './commands/metrics/names.ts';
import { throwCommand } from './commands/metrics/throw.ts';
import { metricsCommand } from './commands/metrics/values.ts';
import { monitorsDiffCommand } from './commands/monitors/diff.ts';
import { monitorsCommand } from './commands/monitors/list.ts';
import { monitorsPullCommand } from './commands/monitors/pull.ts';
import { monitorsPushCommand } from './commands/monitors/push.ts';
import { orgCommand } from './commands/org/show.ts';
import { pluginInstallCommand } from './commands/plugin/install.ts';
import { servicesCommand } from './commands/services/list.ts';
import { usersCommand } from './commands/users/list.ts';
import { wrapCommand } from './commands/wrap/wrap.ts';

/** The command table: a command's `path` is the words that select it (`alerts close`). */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  hostsCommand,
  createCommand,
  updateCommand,
  throwCommand,
  metricsCommand,
  fetchCommand,
  metricNamesCommand,
  retireCommand,
  servicesCommand,
  monitorsCommand,
  monitorsPullCommand,
  monitorsDiffCommand,
  monitorsPushCommand,
  orgCommand,
  usersCommand,
  channelsCommand,
  channelsPullCommand,
  alertsCommand,
  alertsListCommand,
  alertsCloseCommand,
  alertsLogsCommand,
  dashboardsCommand,
  dashboardsPullCommand,
  dashboardsPushCommand,
  annotationsListCommand,
  annotationsCreateCommand,
  annotationsUpdateCommand,
  annotationsDeleteCommand,
  pluginInstallCommand,
  checksRunCommand,
  wrapCommand,
];

/** The usage line of each noun that is only a group of subcommands (no command of its own). */
export const GROUPS: Readonly<Record<string, string>> = {
  annotations: 'Manipulate graph annotations',
  plugin: 'Manage mackerel plugin',
  checks: 'Utility for check plugins',
};
