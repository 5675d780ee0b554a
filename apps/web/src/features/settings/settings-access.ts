// Who sees what under Settings (spec features §6.1, decision 0010): owners and managers manage
// API keys; everyone may read the member list.

/** The authorities that manage API keys; collaborators and viewers cannot even see them. */
const KEY_MANAGERS: ReadonlySet<string> = new Set(['owner', 'manager']);

/** Whether a user of `authority` manages API keys (and sees them in the navigation). */
export function managesKeys(authority: string): boolean {
  return KEY_MANAGERS.has(authority);
}

/** The settings pages a user of `authority` may open, in the order the settings tabs show them. */
export function settingsPages(authority: string): ReadonlyArray<{ readonly path: string; readonly label: string }> {
  const users = { path: '/settings/users', label: 'Users' };
  return managesKeys(authority) ? [{ path: '/settings/api-keys', label: 'API keys' }, users] : [users];
}

/** A key's permission in the words the form uses. */
export function permissionLabel(permission: string): string {
  return permission === 'write' ? 'Read and write' : permission === 'read' ? 'Read only' : permission;
}
