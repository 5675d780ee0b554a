// saba-agent as a child process (apps/agent/bin/saba-agent.cjs, the command users run), for tests
// of the agent against the real server. Minutes are shortened with SABA_AGENT_MINUTE_MS.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentCommand } from '../local-agent.ts';
import { childEnv, type Exit, REPO_ROOT } from './child-process.ts';

/** The agent's command line, with the flags of its shebang (they do not apply under process.execPath). */
export const AGENT_ARGV = agentCommand();

/** A running agent process and what it logged. */
export interface AgentProcess {
  readonly proc: ChildProcessWithoutNullStreams;
  /** Its stderr (the log) so far. */
  log(): string;
  stdout(): string;
  /** Resolves with the first match of `re` in the log, waiting for more output as needed. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<Exit>;
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** An agent's temporary directory and the paths of its config, root and pidfile inside it. */
export interface AgentDir {
  readonly dir: string;
  readonly conf: string;
  readonly root: string;
  readonly pidfile: string;
}

/** A temp directory for one agent: its config (`mackerel-agent.conf`), root and pidfile go inside it. */
export async function agentDir(): Promise<AgentDir> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-agent-'));
  return { dir, conf: join(dir, 'mackerel-agent.conf'), root: join(dir, 'root'), pidfile: join(dir, 'agent.pid') };
}

/** The config text the tests start from: key, API base, root and pidfile in `d`, no cloud probing; then `extra` lines. */
export function agentConf(d: AgentDir, apikey: string, apibase: string, ...extra: string[]): string {
  return [
    `apikey = "${apikey}"`,
    `apibase = "${apibase}"`,
    `root = "${d.root}"`,
    `pidfile = "${d.pidfile}"`,
    'cloud_platform = "none"',
    ...extra,
  ].join('\n');
}

/** Writes the config and starts `saba-agent [args] -conf FILE` with one-second minutes by default. */
export async function spawnAgent(
  conf: string,
  text: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<AgentProcess> {
  await writeFile(conf, text);
  const proc = spawn(process.execPath, [...AGENT_ARGV, ...args, '-conf', conf], {
    cwd: REPO_ROOT,
    env: childEnv({ SABA_AGENT_MINUTE_MS: '1000', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  const waiters = new Set<() => void>();
  proc.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
    for (const w of waiters) w();
  });
  proc.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  let hasExited = false;
  const exited = new Promise<Exit>((resolve) =>
    proc.once('exit', (code, signal) => {
      hasExited = true;
      for (const w of waiters) w();
      resolve({ code, signal });
    }),
  );
  const waitForLog = (re: RegExp, ms = 20_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = err.match(re);
        if (m !== null) {
          done();
          resolve(m);
        } else if (hasExited) {
          done();
          reject(new Error(`agent exited before logging ${re}; log:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`agent did not log ${re} within ${ms} ms; log:\n${err}`));
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    proc,
    log: () => err,
    stdout: () => out,
    waitForLog,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (!hasExited) proc.kill(signal);
      return exited;
    },
  };
}

/** Runs a one-shot agent command (retire, once, configtest, init, version) to completion. */
export function runAgent(
  args: readonly string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...AGENT_ARGV, ...args],
      { cwd: REPO_ROOT, env: childEnv({ SABA_AGENT_MINUTE_MS: '1000', ...env }), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}
