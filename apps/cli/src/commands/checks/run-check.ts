// Runs one check plugin command as mackerel-agent's cmdutil does: a string through `sh -c`, an array
// exec'd directly, `sudo -Eu <user>` in front when `user` is set, the config's env over the process's,
// stdin closed, and at timeout_seconds SIGTERM to the process group, SIGKILL 10 s later. The agent's
// runner lives in apps/agent, which the CLI may not import; this is the small subset `checks run` needs.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { CommandConfig } from '@saba/agent-config';

/** What one command run produced; `error` is set when it could not start or timed out. */
export interface RunOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly error: string;
}

// cmdutil.go's timeoutKillAfter.
const KILL_AFTER_MS = 10_000;

/** The argv mackerel-agent executes for a plugin command. */
export function pluginArgv(spec: Pick<CommandConfig, 'command' | 'user'>): string[] {
  const base = typeof spec.command === 'string' ? ['sh', '-c', spec.command] : [...spec.command];
  return spec.user ? ['sudo', '-Eu', spec.user, ...base] : base;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Runs the command to its end or its timeout; never rejects. */
export function runPlugin(
  spec: CommandConfig,
  baseEnv: Readonly<Record<string, string | undefined>>,
): Promise<RunOutput> {
  const [file, ...rest] = pluginArgv(spec);
  return new Promise((resolve) => {
    if (file === undefined || file === '') {
      resolve({ stdout: '', stderr: '', exitCode: -1, error: 'empty command' });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let done = false;
    const finish = (r: RunOutput): void => {
      if (done) return;
      done = true;
      clearTimeout(term);
      clearTimeout(kill);
      resolve(r);
    };
    let kill: NodeJS.Timeout | undefined;
    // detached: the child leads its own process group, so the timeout reaches what it started too.
    const child = spawn(file, rest, {
      env: { ...baseEnv, ...spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const term = setTimeout(() => {
      timedOut = true;
      if (child.pid === undefined) return;
      const pid = child.pid;
      signalGroup(pid, 'SIGTERM');
      kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_AFTER_MS);
    }, spec.timeoutSeconds * 1000);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      // Go's exec words for a command that is not there.
      const error =
        e.code === 'ENOENT'
          ? file.includes('/')
            ? `fork/exec ${file}: no such file or directory`
            : `exec: "${file}": executable file not found in $PATH`
          : e.message;
      finish({ stdout: '', stderr: '', exitCode: -1, error });
    });
    child.once('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const exitCode = signal === null ? (code ?? -1) : 128 + (constants.signals[signal] ?? 0);
      finish({ stdout, stderr, exitCode, error: timedOut && signal !== null ? 'command timed out' : '' });
    });
  });
}
