// --jq: real jq compiled to WebAssembly (jq-wasm), loaded only when a filter is given: it is 1.4 MB
// and would add ~20 ms to every command that does not need it. Output as mkr's: strings raw, other
// values as compact JSON, one per line (jq's -r -c).
import { CliError } from './cli-error.ts';

/** Runs the jq filter `query` over `value`; resolves with its output lines, each ending in a newline. */
export async function filterJson(value: unknown, query: string): Promise<string> {
  const jq = await import('jq-wasm');
  let out: string;
  try {
    out = await jq.raw(JSON.stringify(value ?? null), query, ['-r', '-c']);
  } catch (e) {
    // jq's own messages run over several lines ("jq: error: ...\n.[ \njq: 1 compile error"): the first says it.
    const first = String((e as Error).message ?? e).split('\n')[0] ?? '';
    throw new CliError(first);
  }
  return out === '' || out.endsWith('\n') ? out : `${out}\n`;
}
