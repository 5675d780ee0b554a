// Metadata plugins (spec §15.3, §17.4): each runs every execution_interval and its JSON is PUT as
// host metadata only when it changed since the last successful PUT.
import { join } from 'node:path';
import type { MetadataPluginConfig } from '@saba/agent-config';
import { mkdir, readFile, rm, writeFile } from '@saba/agent-config/sync-fs';
import { ApiError } from '@saba/client';
import { type Clock, scaled, sleep } from '../clock.ts';
import type { Logger } from '../log.ts';
import { runMetadataPlugin } from '../plugins/metadata-plugin.ts';

/** What the metadata loops need. */
export interface MetadataDeps {
  readonly clock: Clock;
  readonly log: Logger;
  readonly put: (namespace: string, value: unknown) => Promise<void>;
  /** Directory (per host id) of the last JSON sent per plugin: a restart does not PUT unchanged metadata (as the official agent). */
  readonly cacheDir: string;
}

/** Runs each metadata plugin 10 s after `initialDelayMs` and then every interval, until `signal` aborts. */
export async function runMetadataLoops(
  plugins: readonly MetadataPluginConfig[],
  deps: MetadataDeps,
  initialDelayMs: number,
  signal: AbortSignal,
): Promise<void> {
  await sleep(initialDelayMs + scaled(deps.clock, 10), signal);
  await Promise.all(plugins.map((p) => runOne(p, deps, signal)));
}

async function runOne(plugin: MetadataPluginConfig, deps: MetadataDeps, signal: AbortSignal): Promise<void> {
  const { clock, log } = deps;
  const cacheFile = join(deps.cacheDir, `${plugin.name}.json`);
  let sent = await readFile(cacheFile, 'utf8').catch(() => undefined);
  const remember = async (json: string | undefined): Promise<void> => {
    sent = json;
    try {
      if (json === undefined) await rm(cacheFile, { force: true });
      else {
        await mkdir(deps.cacheDir, { recursive: true });
        await writeFile(cacheFile, json);
      }
    } catch (e) {
      log.warn('metadata', `metadata cache ${cacheFile}: ${(e as Error).message}`);
    }
  };
  while (!signal.aborted) {
    const result = await runMetadataPlugin(plugin);
    let retryNextMinute = false;
    if (result instanceof Error) {
      log.warn('metadata', `plugin ${plugin.name}: ${result.message}`);
    } else {
      const json = JSON.stringify(result);
      if (json !== sent) {
        try {
          await deps.put(plugin.name, result);
          await remember(json);
        } catch (e) {
          log.warn('metadata', `PUT metadata ${plugin.name} failed: ${(e as Error).message}`);
          // A 5xx or an unreachable server is retried next minute; any other error clears the cache.
          if (e instanceof ApiError && e.status < 500) await remember(undefined);
          else retryNextMinute = true;
        }
      }
    }
    const wait = retryNextMinute ? clock.minuteMs : plugin.executionIntervalMinutes * clock.minuteMs;
    await sleep(wait, signal);
  }
}
