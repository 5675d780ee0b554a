// The agent configuration as the rest of saba-agent sees it: mackerel-agent.conf (spec §16) after
// defaults, `include` files and command-line overrides are applied. Reading lives in load.ts.
import type { HostStatus } from '@saba/client';

/** How to run one plugin command. */
export interface CommandConfig {
  /** A string runs through `sh -c`; an array is executed directly. */
  readonly command: string | readonly string[];
  readonly user?: string;
  readonly env: Readonly<Record<string, string>>;
  /** Seconds before the command is killed; `timeout_seconds`, default 30 (cmdutil/cmdutil.go). */
  readonly timeoutSeconds: number;
}

/** One `[plugin.metrics.<name>]` section. */
export interface MetricPluginConfig extends CommandConfig {
  readonly name: string;
  readonly customIdentifier?: string;
  readonly includePattern?: RegExp;
  readonly excludePattern?: RegExp;
  readonly usePluginTimestamp: boolean;
}

/** One `[plugin.checks.<name>]` section. */
export interface CheckPluginConfig extends CommandConfig {
  readonly name: string;
  /** Sent as configured; the server raises values under 10 to 10 (spec §6), the agent does not. */
  readonly notificationIntervalMinutes?: number;
  /** 1–60, default 1. */
  readonly checkIntervalMinutes: number;
  readonly maxCheckAttempts?: number;
  readonly customIdentifier?: string;
  readonly preventAlertAutoClose: boolean;
  readonly action?: CommandConfig;
  /** At most 250 characters. */
  readonly memo?: string;
}

/** One `[plugin.metadata.<name>]` section. */
export interface MetadataPluginConfig extends CommandConfig {
  readonly name: string;
  /** Minimum and default 10. */
  readonly executionIntervalMinutes: number;
}

/** Values of `cloud_platform`. */
export type CloudPlatform = 'auto' | 'none' | 'ec2' | 'gce' | 'azurevm';

/** The whole agent configuration after defaults, includes and command-line overrides. */
export interface AgentConfig {
  readonly apikey: string;
  readonly apibase: string;
  readonly root: string;
  readonly pidfile: string;
  readonly roles: readonly string[];
  readonly displayName?: string;
  readonly memo?: string;
  readonly verbose: boolean;
  readonly silent: boolean;
  readonly diagnostic: boolean;
  readonly disableHttpKeepAlive: boolean;
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly cloudPlatform: CloudPlatform;
  readonly hostStatus: { readonly onStart?: HostStatus; readonly onStop?: HostStatus };
  readonly filesystems: { readonly ignore?: RegExp; readonly useMountpoint: boolean };
  readonly disks: { readonly ignore?: RegExp };
  readonly interfaces: { readonly ignore?: RegExp };
  readonly metricPlugins: readonly MetricPluginConfig[];
  readonly checkPlugins: readonly CheckPluginConfig[];
  readonly metadataPlugins: readonly MetadataPluginConfig[];
  /** Saba's extension ([buffer] table): how much unsent data is kept on disk under root. */
  readonly buffer: { readonly maxAgeSeconds: number; readonly maxBytes: number };
}

// Linux defaults of the official agent: config/config_linux.go (DefaultConfig) and
// config/config.go getApibase(); the same values are in spec §15.1 and §16.
/** Default `apibase`. */
export const DEFAULT_APIBASE = 'https://api.mackerelio.com';
/** Default `root`: where the host id file lives. */
export const DEFAULT_ROOT = '/var/lib/mackerel-agent';
/** Default `pidfile`. */
export const DEFAULT_PIDFILE = '/var/run/mackerel-agent.pid';
/** Default `-conf`. */
export const DEFAULT_CONF = '/etc/mackerel-agent/mackerel-agent.conf';

/** Plugin `timeout_seconds` when unset or 0 (cmdutil/cmdutil.go defaultTimeoutDuration). */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** `[buffer] max_age` when unset: one day of unsent data. */
export const DEFAULT_BUFFER_MAX_AGE_SECONDS = 24 * 60 * 60;
/** `[buffer] max_megabytes` when unset. */
export const DEFAULT_BUFFER_MAX_MEGABYTES = 100;
