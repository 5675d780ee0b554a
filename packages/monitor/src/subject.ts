/** A role of a host, as scopes name it. */
export interface RoleName {
  readonly service: string;
  readonly role: string;
}

/**
 * What an alert is about, as scopes of downtimes and alert groups see it: the monitor, the
 * services the target belongs to (a host's services, a service monitor's service, an external
 * monitor's service if it has one) and, for a host, its roles.
 */
export interface AlertSubject {
  readonly monitorId: string;
  readonly services: readonly string[];
  readonly roles: readonly RoleName[];
}

/** What scope lists may name: the organization's services, roles and monitors. */
export interface ScopeContext {
  hasService(service: string): boolean;
  hasRole(service: string, role: string): boolean;
  hasMonitor(id: string): boolean;
}
