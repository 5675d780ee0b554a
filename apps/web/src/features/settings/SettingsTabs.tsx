import { useEffect, useState } from 'preact/hooks';
import { fetchSession } from '../../api/session.ts';
import { Link } from '../../app/Link.tsx';
import { settingsPages } from './settings-access.ts';

/** The tabs between the settings pages the signed-in user may open. */
export function SettingsTabs(props: { path: string }) {
  const [authority, setAuthority] = useState<string | undefined>(undefined);
  useEffect(() => {
    // Pages are given no session; asking again is one small GET and keeps App's routes plain.
    fetchSession().then(
      (s) => setAuthority(s?.user.authority ?? ''),
      () => setAuthority(''),
    );
  }, []);
  if (authority === undefined) return null;
  return (
    <nav class="settings-tabs" aria-label="Settings">
      {settingsPages(authority).map((p) => (
        <Link key={p.path} href={p.path} aria-current={p.path === props.path ? 'page' : undefined}>
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
