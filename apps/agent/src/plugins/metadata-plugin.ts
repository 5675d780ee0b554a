// Metadata plugins ([plugin.metadata.X]): stdout must be JSON and the exit code 0 (spec §17.4).
// Facts from metadata/metadata.go Generator.Fetch.
import type { MetadataPluginConfig } from '@saba/agent-config';
import { runCommand } from './command.ts';

// Enough of a bad output to recognise it in the log without flooding it.
const MAX_QUOTED_OUTPUT = 200;

/** Runs a metadata plugin; returns the parsed JSON, or an Error saying why it is unusable (non-zero exit, bad JSON). */
export async function runMetadataPlugin(
  plugin: MetadataPluginConfig,
  log: (line: string) => void = () => {},
): Promise<unknown | Error> {
  const result = await runCommand(plugin);
  if (result.error !== undefined) return new Error(`metadata plugin ${plugin.name} failed to run: ${result.error}`);
  // Fetch only logs stderr: a plugin may print debug text there and its JSON on stdout.
  if (result.stderr !== '') log(`metadata plugin ${plugin.name} wrote to stderr: ${JSON.stringify(result.stderr)}`);
  if (result.exitCode !== 0) return new Error(`metadata plugin ${plugin.name} exits with: ${result.exitCode}`);
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    const shown =
      result.stdout.length > MAX_QUOTED_OUTPUT ? `${result.stdout.slice(0, MAX_QUOTED_OUTPUT)}...` : result.stdout;
    return new Error(`metadata plugin ${plugin.name} outputs invalid JSON: ${JSON.stringify(shown)}`);
  }
}
