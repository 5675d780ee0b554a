// What `saba wrap` decides and posts, as mkr's wrap/result.go and wrap/wrap.go do: the default check
// name, the message (mkr's template, cut to the API's 1,024 characters), whether a report is posted,
// and the state file kept between runs for --auto-close.
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';

/** One run of the wrapped command, stored as mkr stores it (Go's field names) for --auto-close. */
export interface WrapResult {
  readonly Cmd: readonly string[];
  readonly Name: string;
  readonly Note: string;
  readonly ExitCode: number;
  readonly Signaled: boolean;
  readonly Msg: string;
  readonly Success: boolean;
}

/** The API's message limit (api-docs check-monitoring#post); mkr cuts there too. */
export const MESSAGE_LIMIT = 1024;

/** `-n` as given, else `mkrwrap-<base of cmd[0], non [-A-Za-z0-9_] as _>-<first 3 bytes of md5(cmd joined by spaces), hex>`. */
export function checkName(name: string, cmd: readonly string[]): string {
  if (name !== '') return name;
  const sum = createHash('md5').update(cmd.join(' ')).digest('hex').slice(0, 6);
  const base = basename(cmd[0] ?? '')
    .trim()
    .replace(/[^-a-zA-Z0-9_]/g, '_');
  return `mkrwrap-${base}-${sum}`;
}

/** The file under the temp directory where the last result of check `name` is kept. */
export function resultFile(tmpDir: string, name: string): string {
  return join(tmpDir, `mkrwrap-${name}.json`);
}

/** mkr's `Msg`: the exit code, or the signal when the command died of one. */
export function exitMessage(exitCode: number, signaled: boolean): string {
  return signaled ? `command died with signal: ${exitCode & 127}` : `command exited with code: ${exitCode}`;
}

/**
 * The report message: `<msg>`, `Note: <note>` when given, `% <command>`, and with -d the merged output,
 * cut in the middle to 1,024 characters (code points) with `\n...\n` between head and tail.
 */
export function buildMessage(r: WrapResult, detail: boolean, output: string): string {
  let text = r.Msg;
  if (r.Note !== '') text += `\nNote: ${r.Note}`;
  text += `\n% ${r.Cmd.join(' ')}`;
  if (detail) text += `\n${output}`;
  return truncateMiddle(text, MESSAGE_LIMIT, '\n...\n');
}

/** Keeps the first and last parts of `text` (in code points) so the whole, with `sep` between, is `limit` long. */
export function truncateMiddle(text: string, limit: number, sep: string): string {
  const chars = [...text];
  if (chars.length <= limit) return text;
  const sepChars = [...sep];
  const rest = limit - sepChars.length;
  if (rest <= 0) return sepChars.slice(0, limit).join('');
  const head = Math.floor(rest / 2);
  const tail = rest - head;
  return [...chars.slice(0, head), ...sepChars, ...chars.slice(chars.length - tail)].join('');
}

/**
 * Whether to post: always on failure; on success only with --auto-close and when the last run
 * (if any) failed, which closes the alert it opened. Without -a a success posts nothing (mkr).
 */
export function shouldReport(current: WrapResult, autoClose: boolean, last: WrapResult | undefined): boolean {
  if (!current.Success) return true;
  return autoClose && (last === undefined || !last.Success);
}

/** The report's status: OK on success, else CRITICAL, or WARNING with -w. */
export function reportStatus(success: boolean, warning: boolean): 'OK' | 'WARNING' | 'CRITICAL' {
  if (success) return 'OK';
  return warning ? 'WARNING' : 'CRITICAL';
}

/** -I in whole minutes (Go's Duration.Minutes truncated); 1–9 become 10, 0 means never re-notify. */
export function notificationMinutes(durationNs: number): number {
  const minutes = Math.trunc(durationNs / 60e9);
  if (minutes > 0 && minutes < 10) return 10;
  return Math.max(minutes, 0);
}

/** The state file's text: Go's json.Encoder output (one line, a trailing newline). */
export function encodeResult(r: WrapResult): string {
  const ordered: WrapResult = {
    Cmd: r.Cmd,
    Name: r.Name,
    Note: r.Note,
    ExitCode: r.ExitCode,
    Signaled: r.Signaled,
    Msg: r.Msg,
    Success: r.Success,
  };
  return `${JSON.stringify(ordered)}\n`;
}

/** Reads a stored result; throws when the text is not one (the caller removes the file, as mkr does). */
export function decodeResult(text: string): WrapResult {
  const v = JSON.parse(text) as Partial<WrapResult>;
  if (typeof v !== 'object' || v === null || typeof v.Success !== 'boolean') throw new Error('not a wrap result');
  return {
    Cmd: Array.isArray(v.Cmd) ? v.Cmd.map(String) : [],
    Name: String(v.Name ?? ''),
    Note: String(v.Note ?? ''),
    ExitCode: Number(v.ExitCode ?? 0),
    Signaled: v.Signaled === true,
    Msg: String(v.Msg ?? ''),
    Success: v.Success,
  };
}
