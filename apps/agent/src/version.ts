// The agent's name and version as it reports them in `meta` and the User-Agent header.

/** The agent's version (the package version). */
export const AGENT_VERSION = '0.1.0';

/** The git revision the bundle was built from; esbuild replaces the expression at build time. */
export const AGENT_REVISION: string = process.env.SABA_AGENT_REVISION ?? 'dev';

/** `saba-agent/<version> (Revision <rev>)`, the shape of mackerel-agent's `agent-name`. */
export const AGENT_NAME = `saba-agent/${AGENT_VERSION} (Revision ${AGENT_REVISION})`;
