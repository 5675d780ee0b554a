export { type ApiOptions, apiRoutes, createApi } from './api.ts';
export type { AnnouncedEvent, ApiDeps } from './deps.ts';
export { HostStateCache } from './host-state-cache.ts';
export { errorBody, STATUS_OF_KIND } from './http/errors.ts';
export { type RequestObserver, sendJson } from './http/listener.ts';
export type { Reply, RequestContext, Route } from './http/route.ts';
export { defaultNotificationGroup, ensureDefaultNotificationGroups, storedGroup } from './routes/group-docs.ts';
