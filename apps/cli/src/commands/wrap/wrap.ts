// `saba wrap [-n name] [-d] [-N note] [-H host] [-w] [-a] [-I interval] -- cmd...`: runs a batch job with
// its output passed through and exits with its code; a failure posts a CRITICAL (-w: WARNING) check
// report to the host, and with -a a later success posts OK to close the alert (mkr wrap).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseGoDuration } from '@saba/agent-config';
import { CliError } from '../../cli-error.ts';
import type { Command, Context } from '../../command.ts';
import { localHostId } from '../../config.ts';
import {
  buildMessage,
  checkName,
  decodeResult,
  encodeResult,
  exitMessage,
  notificationMinutes,
  reportStatus,
  resultFile,
  shouldReport,
  type WrapResult,
} from './wrap-result.ts';

// mkr retries the post 3 times, 3 s apart (retry.Retry(3, 3*time.Second)).
const POST_ATTEMPTS = 3;
const POST_RETRY_MS = 3000;

/** mkr wrap. */
export const wrapCommand: Command = {
  path: ['wrap'],
  usage: 'Wrap and monitor batch jobs to run with cron etc',
  argsUsage: '[--name|-n <name>] [OPTIONS] -- /path/to/batch',
  description:
    'Wrap a batch command with specifying it as arguments. If the command failed\nwith non-zero exit code, it sends a report to Mackerel and raises an alert.\nIt is useful for cron jobs etc.',
  flags: [
    {
      name: 'name',
      aliases: ['n'],
      kind: 'string',
      usage: 'The check-name which must be unique on a host. If it is empty it will be automatically derived.',
    },
    { name: 'detail', aliases: ['d'], kind: 'bool', usage: 'send a detailed report contains command output' },
    { name: 'note', aliases: ['N'], kind: 'string', usage: 'note of the job' },
    { name: 'host', aliases: ['H'], kind: 'string', usage: 'hostID' },
    { name: 'warning', aliases: ['w'], kind: 'bool', usage: 'alerts as warning' },
    {
      name: 'auto-close',
      aliases: ['a'],
      kind: 'bool',
      usage: 'automatically close an existing alert when the command success',
    },
    {
      name: 'notification-interval',
      aliases: ['I'],
      kind: 'string',
      usage: 'The notification re-sending interval. If it is zero, never re-send. (minimum 10 minutes)',
    },
  ],
  async run(ctx) {
    const { args, globals, log } = ctx;
    const cmd = args.positionals;
    if (cmd.length === 0) throw new CliError('no commands specified');
    let intervalNs = 0;
    const interval = args.string('notification-interval');
    if (interval !== '') {
      try {
        intervalNs = parseGoDuration(interval);
      } catch {
        throw new CliError(`invalid value "${interval}" for flag -notification-interval: parse error`);
      }
    }
    // As mkr: a missing config, key or host is only logged; running the job comes first.
    if (!existsSync(globals.conf)) log('info', `[mkr wrap] configuraion file "${globals.conf}" not found`);
    const hostId = args.string('host') || ((await localHostId(globals.conf)) ?? '');
    if (hostId === '') log('error', '[mkr wrap] failed to load hostID. Try to specify -host option explicitly');

    const name = checkName(args.string('name'), cmd);
    const run = await runPassingThrough(ctx, cmd);
    const result: WrapResult = {
      Cmd: cmd,
      Name: args.string('name'),
      Note: args.string('note'),
      ExitCode: run.exitCode,
      Signaled: run.signaled,
      Msg: run.failedToStart ?? exitMessage(run.exitCode, run.signaled),
      Success: run.exitCode === 0 && run.failedToStart === undefined,
    };
    const message = buildMessage(result, args.bool('detail'), run.output);
    try {
      await report(ctx, { name, hostId, result, message, intervalNs });
    } catch (e) {
      log('error', `failed to post following report to Mackerel: ${(e as Error).message}\n${message}`);
    }
    if (!result.Success) {
      log('error', result.Msg);
      return result.ExitCode === 0 ? 1 : result.ExitCode;
    }
    return 0;
  },
};

interface Report {
  readonly name: string;
  readonly hostId: string;
  readonly result: WrapResult;
  readonly message: string;
  readonly intervalNs: number;
}

/** Posts the report when mkr would; with -a the result is saved afterwards whatever happened. */
async function report(ctx: Context, r: Report): Promise<void> {
  const autoClose = ctx.args.bool('auto-close');
  const file = resultFile(tmpdir(), r.name);
  try {
    let apikeyFound = true;
    let client: Awaited<ReturnType<Context['client']>> | undefined;
    try {
      client = await ctx.client();
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      apikeyFound = false;
      ctx.log(
        'error',
        "[mkr wrap] failed to detect Mackerel APIKey. Try to specify in mackerel-agent.conf or export MACKEREL_APIKEY='<Your apikey>'",
      );
    }
    if (!apikeyFound || client === undefined || r.hostId === '') {
      throw new Error('Both of apikey and hostID are needed to report result to Mackerel');
    }
    let last: WrapResult | undefined;
    if (autoClose) last = await loadLast(file);
    if (!shouldReport(r.result, autoClose, last)) return;
    const minutes = notificationMinutes(r.intervalNs);
    const payload = {
      source: { type: 'host' as const, hostId: r.hostId },
      name: r.name,
      status: reportStatus(r.result.Success, ctx.args.bool('warning')),
      message: r.message,
      occurredAt: Math.floor(Date.now() / 1000),
      ...(minutes > 0 ? { notificationInterval: minutes } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await client.postCheckReports([payload]);
        return;
      } catch (e) {
        if (attempt >= POST_ATTEMPTS) throw e;
        await sleep(POST_RETRY_MS);
      }
    }
  } finally {
    if (autoClose) {
      try {
        await saveResult(file, r.result);
      } catch (e) {
        ctx.log('error', `failed to save result: ${(e as Error).message}`);
      }
    }
  }
}

/** The last saved result; a broken or unreadable file is removed (mkr's rough workaround) and counts as none. */
async function loadLast(file: string): Promise<WrapResult | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    await rm(file, { recursive: true, force: true });
    return undefined;
  }
  try {
    return decodeResult(text);
  } catch {
    await rm(file, { recursive: true, force: true });
    return undefined;
  }
}

/** Writes beside the target and renames, so a concurrent run never reads half a file. */
async function saveResult(file: string, r: WrapResult): Promise<void> {
  const tmp = join(dirname(file), `tmp-mkrwrap-${process.pid}-${Date.now()}`);
  try {
    await writeFile(tmp, encodeResult(r));
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

interface RunOutcome {
  readonly exitCode: number;
  readonly signaled: boolean;
  /** stdout and stderr merged in arrival order, for -d. */
  readonly output: string;
  /** mkr's message when the command could not be started. */
  readonly failedToStart?: string;
}

/** Runs `cmd` (stdin closed, as Go's exec with no Stdin), copying its output through and keeping a merged copy. */
function runPassingThrough(ctx: Context, cmd: readonly string[]): Promise<RunOutcome> {
  const [file, ...rest] = cmd as [string, ...string[]];
  const merged: Buffer[] = [];
  // Io writes text: decoders keep a character split across two chunks whole.
  const outText = new StringDecoder('utf8');
  const errText = new StringDecoder('utf8');
  return new Promise((resolve) => {
    const child = spawn(file, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...ctx.io.env } });
    child.stdout.on('data', (c: Buffer) => {
      merged.push(c);
      ctx.io.stdout.write(outText.write(c));
    });
    child.stderr.on('data', (c: Buffer) => {
      merged.push(c);
      ctx.io.stderr.write(errText.write(c));
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      // wrapcommander's codes for a command that cannot run: 127 not found, 126 not executable.
      const exitCode = e.code === 'ENOENT' ? 127 : e.code === 'EACCES' ? 126 : 1;
      // mkr's wording, its spelling included, so scripts matching the message keep working.
      resolve({
        exitCode,
        signaled: false,
        output: '',
        failedToStart: `command invocation failed with follwing error: ${e.message}`,
      });
    });
    child.once('close', (code, signal) => {
      ctx.io.stdout.write(outText.end());
      ctx.io.stderr.write(errText.end());
      if (signal !== null) {
        const num = constants.signals[signal] ?? 0;
        resolve({ exitCode: 128 + num, signaled: true, output: Buffer.concat(merged).toString('utf8') });
        return;
      }
      resolve({ exitCode: code ?? 1, signaled: false, output: Buffer.concat(merged).toString('utf8') });
    });
  });
}
