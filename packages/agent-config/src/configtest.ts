// `mackerel-agent configtest`, with the official wording (commands.go doConfigtest, main.go
// resolveConfig, config/validate.go): the lines go to stderr; a config that does not load is one
// [CRITICAL] line and exit 1; unknown keys of the config file are [WARNING] lines sorted by key and
// also exit 1 (the official command returns them as its error, which is what makes `supervise`
// refuse a reload); otherwise "SUCCESS (<file>)" and exit 0.
// The official check reads only the main file, so unknown keys of included files do not fail it;
// Saba shows them, naming the file, without changing the exit code, and likewise shows the
// loader's other remarks (dropped roles, clamped values).
import { ConfigError, type ConfigOverrides, loadConfig, type UnknownKey } from './load.ts';

function byKey(a: UnknownKey, b: UnknownKey): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** `configtest`: loads the config and returns the lines to print and the exit code (0 ok, 1 error), as the official agent reports. */
export async function configTest(
  path: string,
  overrides: ConfigOverrides = {},
): Promise<{ lines: string[]; code: number }> {
  let result: Awaited<ReturnType<typeof loadConfig>>;
  try {
    result = await loadConfig(path, overrides);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const why =
      e.key === 'apikey'
        ? 'apikey must be specified in the config file (or by the DEPRECATED command-line flag)'
        : `failed to load the config file: ${e.message}`;
    return { lines: [`[CRITICAL] failed to test config: ${why}`], code: 1 };
  }
  const line = (u: UnknownKey): string => {
    const hint = u.suggestion === undefined ? '' : ` Did you mean ${u.suggestion} ?`;
    const where = u.file === path ? '' : ` (in ${u.file})`;
    return `[WARNING] ${u.key} is unexpected key.${hint}${where}`;
  };
  const own = result.unknownKeys.filter((u) => u.file === path).sort(byKey);
  const included = result.unknownKeys.filter((u) => u.file !== path);
  const others = result.warnings.slice(result.unknownKeys.length).map((w) => `[WARNING] ${w}`);
  const lines = [...own.map(line), ...included.map(line), ...others];
  if (own.length > 0) return { lines, code: 1 };
  return { lines: [...lines, `SUCCESS (${path})`], code: 0 };
}
