// `saba checks run`'s TAP report, as mkr's checks/checker.go prints it: `TAP version 13`, `1..N`, then
// per check `ok N - name` or `not ok N - name` and a YAML block (gopkg.in/yaml.v2's output of memo,
// command in flow style, status, stdout, stderr, exitCode, error; empty ones left out) indented two
// spaces between `  ---` and `  ...`.

/** What one check run produced, named as mkr's YAML keys. */
export interface CheckOutcome {
  readonly name: string;
  readonly memo: string;
  readonly command: readonly string[];
  readonly exitCode: number;
  /** Trimmed, as mkr trims them. */
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not run or timed out. */
  readonly error: string;
}

/** mackerelio/checkers' status names by plugin exit code; any other code is UNKNOWN. */
export function statusOf(exitCode: number): string {
  return ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][exitCode] ?? 'UNKNOWN';
}

/** mkr's test for `ok`: exit code 0 and no run error. */
export function isOk(o: CheckOutcome): boolean {
  return o.exitCode === 0 && o.error === '';
}

/** One check's TAP lines (no trailing newline), numbered `num`. */
export function tapEntry(o: CheckOutcome, num: number): string {
  const lines: string[] = [];
  if (o.memo !== '') lines.push(`memo: ${blockScalar(o.memo, '  ')}`);
  lines.push(`command: [${o.command.map(flowScalar).join(', ')}]`);
  lines.push(`status: ${statusOf(o.exitCode)}`);
  if (o.stdout !== '') lines.push(`stdout: ${blockScalar(o.stdout, '  ')}`);
  if (o.stderr !== '') lines.push(`stderr: ${blockScalar(o.stderr, '  ')}`);
  if (o.exitCode !== 0) lines.push(`exitCode: ${o.exitCode}`);
  if (o.error !== '') lines.push(`error: ${blockScalar(o.error, '  ')}`);
  const yaml = `  ${lines.join('\n').trim().replaceAll('\n', '\n  ')}`;
  return `${isOk(o) ? 'ok' : 'not ok'} ${num} - ${o.name}\n  ---\n${yaml}\n  ...`;
}

/** The report's head: the TAP version and the plan. */
export function tapHeader(total: number): string {
  return `TAP version 13\n1..${total}\n`;
}

/** mkr's closing error when any check failed, e.g. `Failed 1/2 tests, 50.00% okay`. */
export function failureSummary(failed: number, total: number): string {
  return `Failed ${failed}/${total} tests, ${((100 * (total - failed)) / total).toFixed(2)}% okay`;
}

// yaml.v2 resolves these plain scalars to something other than a string, so it double-quotes them.
const NON_STRING =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?0x[0-9a-fA-F]+|[-+]?0b[01]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;

/** A value in block context: a literal block (`|-`) for several lines, otherwise as a flow value would be but allowing `,[]{}`. */
export function blockScalar(s: string, indent: string): string {
  if (!NON_STRING.test(s) && s.includes('\n')) {
    // yaml.v2 writes a literal block; an indentation indicator when the first line starts with a space.
    const head = s.startsWith(' ') ? '|2-' : '|-';
    return `${head}\n${s
      .split('\n')
      .map((l) => (l === '' ? '' : `${indent}${l}`))
      .join('\n')}`;
  }
  return quoteIfNeeded(s, false);
}

/** A value inside a flow sequence (`[a, b]`). */
export function flowScalar(s: string): string {
  return quoteIfNeeded(s, true);
}

function quoteIfNeeded(s: string, flow: boolean): string {
  if (NON_STRING.test(s) || s.includes('\n') || hasControl(s)) return doubleQuoted(s);
  return plainAllowed(s, flow) ? s : `'${s.replaceAll("'", "''")}'`;
}

/** libyaml's analysis of a plain scalar: no leading indicator, no `: ` or ` #`, no edge spaces, no flow indicators in flow context. */
function plainAllowed(s: string, flow: boolean): boolean {
  if (s === '') return false;
  if (s.startsWith(' ') || s.endsWith(' ') || s.includes('\t')) return false;
  if (/^[&*!|>'"%@`#,[\]{}]/.test(s)) return false;
  if (/^[-?:]/.test(s) && (s.length === 1 || /^[-?:][ ]/.test(s) || (flow && /^[-?:][,[\]{}]/.test(s)))) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  if (flow && s.includes(':')) return false;
  return true;
}

/** Control characters other than tab: yaml.v2 can write them only escaped. */
function hasControl(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
