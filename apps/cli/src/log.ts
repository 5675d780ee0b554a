// mkr's log lines on stderr: the prefix right-aligned in ten columns, then the message
// (`    thrown <id> '...'`, `     error ...`), the prefix coloured only on a terminal.

const COLOURS: Readonly<Record<string, string>> = {
  error: '\u001b[31m',
  warning: '\u001b[33m',
};
const GREEN = '\u001b[32m';
const RESET = '\u001b[0m';

/** Formats one log line; `colour` adds the ANSI colour mkr gives the prefix (red errors, yellow warnings, green info). */
export function logLine(prefix: string, message: string, colour: boolean): string {
  const padded = prefix.padStart(10);
  const shown = colour ? `${COLOURS[prefix] ?? GREEN}${padded}${RESET}` : padded;
  return `${shown} ${message}\n`;
}
