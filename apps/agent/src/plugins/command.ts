// Runs plugin commands the way mackerel-agent's cmdutil.RunCommandArgsContext does (cmdutil/cmdutil.go), with the
// process-group timeout of github.com/Songmu/timeout (timeout_unix.go: Setpgid, terminate, killall).
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { CommandConfig } from '@saba/agent-config';

/** What one plugin run produced. `error` is set when it could not run or timed out (then exitCode may be null). */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  error?: string;
}

/** cmdutil.go defaultTimeoutDuration: used when timeout_seconds is unset (0). */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** cmdutil.go timeoutKillAfter: SIGKILL this long after the SIGTERM. */
export const KILL_AFTER_MS = 10_000;

// The Go agent buffers output without a limit; Node's floor is 41 MB of a 45 MB RSS budget, so one runaway plugin
// must not take the rest. 1 MiB is ~40,000 metric lines, 40x the largest official plugin output we know of.
const STDOUT_CAP_BYTES = 1024 * 1024;
// stderr is only logged, a few screens are enough.
const STDERR_CAP_BYTES = 64 * 1024;

/** Error text of a run killed at its timeout, as cmdutil.go's errTimedOut says it. */
export const TIMED_OUT = 'command timed out';

/** Collects a stream up to `cap` bytes, then keeps draining it so the child never blocks on a full pipe. */
class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): void {
    if (this.size >= this.cap) {
      this.truncated = true;
      return;
    }
    const room = this.cap - this.size;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept !== chunk) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    let buf = Buffer.concat(this.chunks, this.size);
    if (this.truncated) {
      // Drop the cut line: a half metric line like `foo 12` (from `foo 1234 ...`) must not parse as a value.
      const lastNewline = buf.lastIndexOf(0x0a);
      if (lastNewline >= 0) buf = buf.subarray(0, lastNewline + 1);
    }
    return buf.toString('utf8');
  }
}

/** The argv the official agent executes: `sh -c` for a string, the array as is, `sudo -Eu <user>` in front. */
export function commandArgs(spec: Pick<CommandConfig, 'command' | 'user'>): string[] {
  const base = typeof spec.command === 'string' ? ['sh', '-c', spec.command] : [...spec.command];
  return spec.user ? ['sudo', '-Eu', spec.user, ...base] : base;
}

/** Signals the whole process group; the group may already be gone, which is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every member has exited.
  }
}

/**
 * Runs a plugin command: string via `sh -c`, array exec'd directly; `user` via `sudo -Eu <user>`; env = process env +
 * config env + extraEnv; SIGTERM to the process group at the timeout and SIGKILL to it 10 s later; stdout/stderr
 * captured with a size cap. `killAfterMs` exists so tests need not wait 10 s.
 */
export async function runCommand(
  spec: CommandConfig,
  extraEnv: Readonly<Record<string, string>> = {},
  killAfterMs: number = KILL_AFTER_MS,
): Promise<CommandResult> {
  const args = commandArgs(spec);
  const [file, ...rest] = args;
  if (file === undefined || file === '') {
    return { stdout: '', stderr: '', exitCode: null, error: 'empty command' };
  }
  // Go's exec keeps the last of duplicate keys in os.Environ() + cmd.Env + extra env, so later sources win.
  const env = { ...process.env, ...spec.env, ...extraEnv };
  const timeoutMs = (spec.timeoutSeconds > 0 ? spec.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000;

  // Loaded on the first plugin run: an agent without plugins never pays its ~0.4 MB of RSS.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const out = new CappedBuffer(STDOUT_CAP_BYTES);
    const err = new CappedBuffer(STDERR_CAP_BYTES);
    let timedOut = false;
    let settled = false;
    let termTimer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const finish = (result: CommandResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(termTimer);
      clearTimeout(killTimer);
      resolve(result);
    };

    let child: ChildProcess;
    try {
      // detached = setsid(): the child leads a new process group, as Songmu/timeout's Setpgid does, so the
      // timeout reaches the plugin's own children too. stdin is /dev/null like Go's exec with a nil Stdin.
      child = spawn(file, rest, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      finish({ stdout: '', stderr: '', exitCode: null, error: e instanceof Error ? e.message : String(e) });
      return;
    }
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));

    child.on('error', (e) => {
      // Only a failed spawn ends the run here; later errors (a failed kill) leave it to 'close'.
      if (child.pid === undefined) finish({ stdout: '', stderr: '', exitCode: null, error: e.message });
    });

    // 'close' waits for the pipes too, like Go's cmd.Wait: a background child holding stdout keeps the run open
    // until the timeout kills its group.
    child.on('close', (code, signal) => {
      const stdout = out.text();
      const stderr = err.text();
      // cmdutil.go reports a timeout only when the plugin died of the signal; one that traps SIGTERM and exits
      // normally keeps its exit code and output.
      if (timedOut && signal !== null) {
        finish({ stdout, stderr, exitCode: null, error: TIMED_OUT });
        return;
      }
      finish({ stdout, stderr, exitCode: code ?? signalExitCode(signal) });
    });

    const pid = child.pid;
    if (pid === undefined) return;
    termTimer = setTimeout(() => {
      timedOut = true;
      // Songmu/timeout terminate(): SIGTERM to the group, then SIGCONT so stopped members can act on it.
      signalGroup(pid, 'SIGTERM');
      signalGroup(pid, 'SIGCONT');
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), killAfterMs);
    }, timeoutMs);
  });
}

/** Shell convention 128 + signal number, as Go reports a signalled child through wrapcommander. */
function signalExitCode(signal: NodeJS.Signals | null): number | null {
  if (signal === null) return null;
  const num = constants.signals[signal];
  return num === undefined ? null : 128 + num;
}
