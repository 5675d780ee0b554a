// Log lines on stderr in mackerel-agent's shape: `2006/01/02 15:04:05 LEVEL <area> message`.

/** Levels, most verbose first. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Where the agent's parts write what they did. */
export interface Logger {
  debug(area: string, message: string): void;
  info(area: string, message: string): void;
  warn(area: string, message: string): void;
  error(area: string, message: string): void;
}

const RANK: Record<LogLevel, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

/** A logger writing to `write` (stderr by default); `verbose` adds DEBUG, `silent` keeps only ERROR. */
export function createLogger(
  options: { verbose?: boolean; silent?: boolean } = {},
  write: (line: string) => void = writeStderr,
): Logger {
  const min = options.silent === true ? RANK.ERROR : options.verbose === true ? RANK.DEBUG : RANK.INFO;
  const at = (level: LogLevel) => (area: string, message: string) => {
    if (RANK[level] >= min) write(`${stamp(new Date())} ${level} <${area}> ${message}\n`);
  };
  return { debug: at('DEBUG'), info: at('INFO'), warn: at('WARNING'), error: at('ERROR') };
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

let stderrGuarded = false;

/** Writes to stderr; a closed stderr (the parent that read it died) must not crash the agent. */
function writeStderr(line: string): void {
  if (!stderrGuarded) {
    stderrGuarded = true;
    process.stderr.on('error', () => {});
  }
  process.stderr.write(line);
}
