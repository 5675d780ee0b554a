import { useEffect, useState } from 'preact/hooks';
import { listUsers, type OrgUser } from '../../api/settings.ts';
import { SettingsTabs } from './SettingsTabs.tsx';

/** The organization's members, read-only: Saba has no invitations yet (`npm run admin` adds users). */
export function UsersPage() {
  const [users, setUsers] = useState<OrgUser[] | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    document.title = 'Users · Saba';
    const ac = new AbortController();
    listUsers(ac.signal).then(
      (u) => setUsers([...u].sort((a, b) => a.email.localeCompare(b.email))),
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, []);
  return (
    <section class="page settings-page">
      <h1 tabIndex={-1}>Users</h1>
      <SettingsTabs path="/settings/users" />
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line" aria-live="polite">
        {users === undefined ? 'Loading users…' : `${users.length} user${users.length === 1 ? '' : 's'}.`}
      </p>
      {users !== undefined && users.length > 0 && (
        <div class="table-wrap">
          <table class="settings-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Authority</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.screenName}</td>
                  <td class="wrap">{u.email}</td>
                  <td>{u.authority}</td>
                  <td>{new Date(u.joinedAt * 1000).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
