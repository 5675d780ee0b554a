// `saba-agent retire [-force]`: retires this host and forgets its id (spec §15.4).
import { join } from 'node:path';
import { loadConfig } from '@saba/agent-config';
import { rm } from '@saba/agent-config/sync-fs';
import { ApiError } from '@saba/client';
import { bufferDir } from '../agent.ts';
import { agentClient } from '../api-client.ts';
import type { AgentArgs } from '../cli/args.ts';
import { scaled, sleep } from '../clock.ts';
import { readHostId, removeHostId } from '../host/id-file.ts';
import { createLogger } from '../log.ts';
import { clockFromEnv } from './clock-env.ts';

/** Retires the host of the id file (asking first unless -force); resolves with the exit code. */
export async function retire(args: AgentArgs): Promise<number> {
  const { config } = await loadConfig(args.conf, args.overrides);
  const log = createLogger(config);
  const hostId = await readHostId(config.root);
  if (hostId === undefined) {
    log.error('retire', `no host id file in ${config.root}; this host is not registered`);
    return 1;
  }
  if (!args.force && !(await confirm(`Retire this host (id: ${hostId})? (y/n) `))) {
    log.info('retire', 'Retirement is canceled.');
    return 1;
  }
  const client = agentClient(config);
  const clock = clockFromEnv();
  try {
    // Ten tries three seconds apart, as the official agent; a 4xx will not change, so it ends at once.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.retireHost(hostId);
        break;
      } catch (e) {
        if ((e instanceof ApiError && e.status < 500) || attempt >= 10) {
          log.error('retire', `failed to retire host ${hostId}: ${(e as Error).message}`);
          return 1;
        }
        await sleep(scaled(clock, 3));
      }
    }
  } finally {
    client.transport.close();
  }
  await removeHostId(config.root);
  // Unsent values of a retired host would only be rejected.
  await rm(bufferDir(config.root, 'metrics'), { recursive: true, force: true });
  await rm(bufferDir(config.root, 'checks'), { recursive: true, force: true });
  await rm(join(config.root, 'metadata'), { recursive: true, force: true });
  log.info('retire', `retired host ${hostId}`);
  return 0;
}

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
