// Saba's typed client of the Mackerel API v0, used by the agent and the CLI.
export { type JsonObject, MackerelCliClient, MackerelClient } from './client.ts';
export { ApiError, NetworkError, Transport, type TransportOptions } from './transport.ts';
export type * from './types.ts';
