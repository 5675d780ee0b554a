// `saba throw (-H hostId | -s service) [--retry N]`: posts the metric lines read from stdin, then
// prints mkr's `thrown <id> '<name>\t<value>\t<time>'` line for each.
import { ApiError, type MetricValue } from '@saba/client';
import { CliError } from '../../cli-error.ts';
import type { Command, Io } from '../../command.ts';
import { parseThrowLines } from './throw-lines.ts';

async function readAll(io: Io): Promise<string> {
  let text = '';
  io.stdin.setEncoding('utf8');
  for await (const chunk of io.stdin) text += chunk as string;
  return text;
}

// mkr's backoff: 15 s, doubling, at most 5 minutes; a 4xx is not retried (it will not change).
const FIRST_DELAY_MS = 15_000;
const MAX_DELAY_MS = 300_000;

async function withRetry(
  post: () => Promise<void>,
  maxRetry: number,
  log: (p: string, m: string) => void,
): Promise<void> {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await post();
      return;
    } catch (e) {
      if (attempt >= maxRetry || (e instanceof ApiError && e.status >= 400 && e.status < 500)) throw e;
      log('warning', `Failed to request. will retry after ${delay / 1000} seconds. Error: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}

/** mkr throw. */
export const throwCommand: Command = {
  path: ['throw'],
  usage: 'Post metric values',
  argsUsage: '[--host | -H <hostId>] [--service | -s <service>] [--retry | -r N ] stdin',
  description:
    "Post metric values to 'host metric' or 'service metric'.\nOutput format of metric values are compatible with that of a Sensu plugin.\nRequests \"POST /api/v0/tsdb\". See https://mackerel.io/api-docs/entry/host-metrics#post .\nAutomatically retries the API request when --retry is specified.",
  flags: [
    { name: 'host', aliases: ['H'], kind: 'string', usage: 'Post host metric values to <hostID>.' },
    { name: 'service', aliases: ['s'], kind: 'string', usage: 'Post service metric values to <service>.' },
    { name: 'retry', aliases: ['r'], kind: 'int', usage: 'Retries up to N times when API request fails.' },
  ],
  async run({ args, io, client, log }) {
    const hostId = args.string('host');
    const service = args.string('service');
    if (hostId === '' && service === '') throw new CliError('throw needs --host <hostId> or --service <service>');
    const lines = parseThrowLines(await readAll(io));
    // Host metrics posted by hand are custom metrics: mkr adds the prefix the API requires.
    const values: MetricValue[] = lines.map((l) => ({
      name: hostId !== '' && !l.name.startsWith('custom.') ? `custom.${l.name}` : l.name,
      value: l.value,
      time: l.time,
    }));
    const target = hostId !== '' ? hostId : service;
    if (values.length > 0) {
      const api = await client();
      const post =
        hostId !== ''
          ? () => api.postHostMetrics(values.map((v) => ({ hostId, ...v })))
          : () => api.postServiceMetrics(service, values);
      await withRetry(post, args.int('retry'), log);
    }
    for (const v of values) log('thrown', `${target} '${v.name}\t${v.value.toFixed(6)}\t${v.time}'`);
    return 0;
  },
};
