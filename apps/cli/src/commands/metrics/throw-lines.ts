// The input of `saba throw`: `name<TAB>value<TAB>epoch` lines (Sensu's and the agent plugins'
// format; any run of blanks separates, as mkr's strings.Fields). Unlike mkr, which skips a line it
// cannot read and posts the rest, every line is checked first: a script that pipes in garbage
// learns it from the exit code, and nothing half-arrives.
import { CliError } from '../../cli-error.ts';

/** One parsed line. */
export interface ThrowLine {
  readonly name: string;
  readonly value: number;
  readonly time: number;
}

// Go's strconv.ParseFloat syntax less NaN and Inf, which the API refuses.
const FLOAT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const INT = /^[-+]?\d+$/;

/** Parses all of `text`; blank lines are skipped, any other malformed line throws a CliError naming it. */
export function parseThrowLines(text: string): ThrowLine[] {
  const out: ThrowLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fields = line
      .trim()
      .split(/\s+/)
      .filter((f) => f !== '');
    if (fields.length === 0) continue;
    const where = `line ${i + 1} ${JSON.stringify(line)}`;
    if (fields.length !== 3) {
      throw new CliError(
        `${where}: want 3 fields (name, value, epoch seconds), got ${fields.length}; nothing was posted`,
      );
    }
    const [name, value, time] = fields as [string, string, string];
    if (!FLOAT.test(value))
      throw new CliError(`${where}: value ${JSON.stringify(value)} is not a number; nothing was posted`);
    if (!INT.test(time)) {
      throw new CliError(`${where}: time ${JSON.stringify(time)} is not epoch seconds; nothing was posted`);
    }
    out.push({ name, value: Number(value), time: Number.parseInt(time, 10) });
  }
  return out;
}
