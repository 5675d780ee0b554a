// mackerel-agent.conf as saba-agent and the saba CLI read it: every key of spec §16, include globs,
// Go durations and regexps, and the `init` and `configtest` subcommands' logic. The synchronous fs
// calls the config reader and the agent both use are `@saba/agent-config/sync-fs`.
export type {
  AgentConfig,
  CheckPluginConfig,
  CloudPlatform,
  CommandConfig,
  MetadataPluginConfig,
  MetricPluginConfig,
} from './config.ts';
export {
  DEFAULT_APIBASE,
  DEFAULT_BUFFER_MAX_AGE_SECONDS,
  DEFAULT_BUFFER_MAX_MEGABYTES,
  DEFAULT_CONF,
  DEFAULT_PIDFILE,
  DEFAULT_ROOT,
  DEFAULT_TIMEOUT_SECONDS,
} from './config.ts';
export { configTest } from './configtest.ts';
export { parseGoDuration } from './duration.ts';
export { apikeyKeptMessage, initConfig } from './init.ts';
export {
  ConfigError,
  type ConfigOverrides,
  type LoadOptions,
  type LoadResult,
  loadConfig,
  type UnknownKey,
} from './load.ts';
