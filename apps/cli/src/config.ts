// Where the API is and which key to use, resolved exactly as mkr does: the key from MACKEREL_APIKEY,
// else `apikey` in mackerel-agent.conf (--conf, default /etc/mackerel-agent/mackerel-agent.conf);
// the base from --apibase, else MACKEREL_APIBASE, else the config's `apibase`, else Mackerel's.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AgentConfig, DEFAULT_APIBASE, loadConfig } from '@saba/agent-config';
import { CliError } from './cli-error.ts';
import type { Globals } from './command.ts';

/** mkr's message when no key is found (mackerelclient.NewFromContext), on one line. */
export const NO_APIKEY_MESSAGE =
  'MACKEREL_APIKEY environment variable is not set. (Try "export MACKEREL_APIKEY=\'<Your apikey>\'")';

/** The API base and key a command talks to. */
export interface ApiTarget {
  readonly apibase: string;
  readonly apikey: string;
}

/** The agent config at `conf`, or undefined when it is missing or unreadable (mkr ignores it then). */
export async function readAgentConfig(conf: string): Promise<AgentConfig | undefined> {
  try {
    return (await loadConfig(conf, {}, { requireApikey: false })).config;
  } catch {
    return undefined;
  }
}

/** Resolves the API key and base; a missing key is a CliError with mkr's message. */
export async function resolveApiTarget(
  globals: Globals,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ApiTarget> {
  const envKey = env.MACKEREL_APIKEY ?? '';
  const envBase = env.MACKEREL_APIBASE ?? '';
  // The file is read only when something is still unknown: a script with both variables set
  // never touches /etc.
  const needFile = envKey === '' || (globals.apibase === '' && envBase === '');
  const conf = needFile ? await readAgentConfig(globals.conf) : undefined;
  const apikey = envKey !== '' ? envKey : (conf?.apikey ?? '');
  if (apikey === '') throw new CliError(NO_APIKEY_MESSAGE);
  const apibase = globals.apibase || envBase || conf?.apibase || DEFAULT_APIBASE;
  return { apibase, apikey };
}

/** The local agent's host id: the file `id` under the config's `root` (default /var/lib/mackerel-agent), as mkr reads it. */
export async function localHostId(conf: string): Promise<string | undefined> {
  const config = await readAgentConfig(conf);
  if (config === undefined) return undefined;
  try {
    const id = (await readFile(join(config.root, 'id'), 'utf8')).trim();
    return id === '' ? undefined : id;
  } catch {
    return undefined;
  }
}
