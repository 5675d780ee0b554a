// The HostInput the agent sends on register and every hour (spec §15.2 step 2).

import type { AgentConfig } from '@saba/agent-config';
import type { HostInput, HostMeta, InterfaceSpec } from '@saba/client';
import type { CloudInfo } from '../cloud/detect.ts';
import { AGENT_NAME, AGENT_REVISION, AGENT_VERSION } from '../version.ts';

/** Builds the host's HostInput from its spec, cloud metadata and config. */
export function buildHostInput(
  hostname: string,
  config: AgentConfig,
  spec: { meta: HostMeta; interfaces: InterfaceSpec[] },
  cloud: CloudInfo | undefined,
): HostInput {
  const meta: HostMeta = {
    ...spec.meta,
    'agent-name': AGENT_NAME,
    'agent-version': AGENT_VERSION,
    'agent-revision': AGENT_REVISION,
  };
  if (cloud !== undefined) meta.cloud = cloud.spec;
  const input: HostInput = {
    name: hostname,
    meta,
    // The Go agent sends null when the host has no interfaces (spec §1.4 #4); the server takes both.
    interfaces: spec.interfaces.length > 0 ? spec.interfaces : null,
    roleFullnames: [...config.roles],
    // Checks reported for other hosts (custom_identifier) are not this host's checks.
    checks: config.checkPlugins
      .filter((c) => c.customIdentifier === undefined)
      .map((c) => (c.memo === undefined ? { name: c.name } : { name: c.name, memo: c.memo })),
  };
  // Omitted when empty, as the Go client does: an empty displayName would not clear it anyway.
  if (config.displayName !== undefined && config.displayName !== '') input.displayName = config.displayName;
  if (config.memo !== undefined && config.memo !== '') input.memo = config.memo;
  if (cloud !== undefined) input.customIdentifier = cloud.customIdentifier;
  return input;
}
