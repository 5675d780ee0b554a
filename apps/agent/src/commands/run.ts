// `saba-agent [run]`: starts the agent; SIGHUP reloads after a config test, SIGTERM/SIGINT/SIGQUIT
// stop it (flush, `on_stop` status), a second signal or 30 s stop it hard (spec §15.4).

import { type AgentConfig, ConfigError, loadConfig } from '@saba/agent-config';
import { type RunningAgent, startAgent } from '../agent.ts';
import type { AgentArgs } from '../cli/args.ts';
import { FatalStartError } from '../host/register.ts';
import { createLogger, type Logger } from '../log.ts';
import { clockFromEnv } from './clock-env.ts';
import { createPidfile, removePidfile } from './pidfile.ts';

/** Runs the agent until a stop signal; resolves with the exit code. */
export async function runAgent(args: AgentArgs): Promise<number> {
  const loaded = await loadConfig(args.conf, args.overrides);
  let config = loaded.config;
  const log = createLogger(config);
  for (const w of loaded.warnings) log.warn('config', w);
  const clock = clockFromEnv();
  if (!args.child) {
    try {
      await createPidfile(config.pidfile);
    } catch (e) {
      log.error('main', `failed to create the pidfile: ${(e as Error).message}`);
      return 1;
    }
  }
  const starting = new AbortController();
  let agent: RunningAgent | undefined;
  let stopping = false;
  let resolveExit: (code: number) => void = () => {};
  const exit = new Promise<number>((r) => {
    resolveExit = r;
  });

  const stop = (sig: string): void => {
    if (stopping) {
      log.warn('main', `second ${sig}: stopping now`);
      resolveExit(1);
      return;
    }
    stopping = true;
    log.info('main', `received ${sig}, stopping`);
    starting.abort();
    const hard = setTimeout(() => {
      log.error('main', 'did not stop within 30 s; stopping hard');
      resolveExit(1);
    }, 30_000);
    (agent?.stop() ?? Promise.resolve()).then(
      () => {
        clearTimeout(hard);
        resolveExit(0);
      },
      (e: Error) => {
        log.error('main', `stop failed: ${e.message}`);
        resolveExit(1);
      },
    );
  };
  const reload = (): void => {
    if (stopping || agent === undefined) return;
    const current = agent;
    reloadConfig(args, log)
      .then(async (next) => {
        if (next === undefined || stopping) return;
        config = next;
        await current.stop({ applyOnStop: false });
        agent = await startAgent({ config, clock, log, signal: starting.signal });
        log.info('main', 'reloaded the configuration');
      })
      .catch((e: Error) => {
        log.error('main', `reload failed: ${e.message}`);
        resolveExit(1);
      });
  };
  const handlers: [NodeJS.Signals, () => void][] = [
    ['SIGTERM', () => stop('SIGTERM')],
    ['SIGINT', () => stop('SIGINT')],
    ['SIGQUIT', () => stop('SIGQUIT')],
    ['SIGHUP', reload],
  ];
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    agent = await startAgent({ config, clock, log, signal: starting.signal });
    if (stopping) await agent.stop();
  } catch (e) {
    if (stopping) resolveExit(0);
    else {
      log.error('main', e instanceof FatalStartError ? e.message : `start failed: ${(e as Error).stack ?? e}`);
      resolveExit(1);
    }
  }
  const code = await exit;
  for (const [sig, h] of handlers) process.off(sig, h);
  if (!args.child) removePidfile(config.pidfile);
  return code;
}

/** `configtest` before a reload: the new config, or undefined (logged) when it is unusable. */
async function reloadConfig(args: AgentArgs, log: Logger): Promise<AgentConfig | undefined> {
  try {
    const { config, warnings } = await loadConfig(args.conf, args.overrides);
    for (const w of warnings) log.warn('config', w);
    return config;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    log.error('main', `not reloading, the configuration has errors: ${e.message}`);
    return undefined;
  }
}
