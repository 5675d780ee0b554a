// mkr's JSON output: Go's json.MarshalIndent with four spaces, `<` and `>` left readable (mkr undoes
// Go's escaping of those two), `&` and U+2028/2029 escaped as Go does; or the --jq filter's output.
import type { Io } from './command.ts';
import { filterJson } from './jq.ts';

/** `value` as mkr prints it: indented by four spaces, with Go's escapes. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 4)
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** Prints `value` as pretty JSON, or the output of the jq filter `jq` when one is given. */
export async function printJson(io: Io, value: unknown, jq = ''): Promise<void> {
  if (jq === '') {
    io.stdout.write(`${prettyJson(value)}\n`);
    return;
  }
  io.stdout.write(await filterJson(value, jq));
}
