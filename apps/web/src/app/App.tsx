import { useEffect, useState } from 'preact/hooks';
import { onAuthRefused } from '../api/client.ts';
import { fetchSession, signOut } from '../api/session.ts';
import type { Session } from '../api/types.ts';
import { AlertDetail } from '../features/alerts/AlertDetail.tsx';
import { AlertsPage } from '../features/alerts/AlertsPage.tsx';
import { ChannelsPage } from '../features/channels/ChannelsPage.tsx';
import { DashboardList } from '../features/dashboards/DashboardList.tsx';
import { DashboardPage } from '../features/dashboards/DashboardPage.tsx';
import { DowntimesPage } from '../features/downtimes/DowntimesPage.tsx';
import { ExplorePage } from '../features/explore/ExplorePage.tsx';
import { HostPage } from '../features/host/HostPage.tsx';
import { HostList } from '../features/hosts/HostList.tsx';
import { MonitorFormPage } from '../features/monitors/MonitorFormPage.tsx';
import { MonitorsPage } from '../features/monitors/MonitorsPage.tsx';
import { GroupsPage } from '../features/notification-groups/GroupsPage.tsx';
import { ServiceList } from '../features/services/ServiceList.tsx';
import { ServicePage } from '../features/services/ServicePage.tsx';
import { ApiKeysPage } from '../features/settings/ApiKeysPage.tsx';
import { UsersPage } from '../features/settings/UsersPage.tsx';
import { SignIn } from '../features/sign-in/SignIn.tsx';
import { Link } from './Link.tsx';
import { navigate, type Place, usePlace } from './router.ts';
import { Shell } from './Shell.tsx';

/** The page for a place: the host list, one host, or "not found". */
function Page({ place }: { place: Place }) {
  const parts = place.path.split('/').filter((p) => p !== '');
  // "/" shows the hosts while the address is rewritten to /hosts.
  if (parts.length === 0 || (parts[0] === 'hosts' && parts.length === 1)) return <HostList />;
  if (parts[0] === 'hosts' && parts.length === 2) return <HostPage id={decodeURIComponent(parts[1] as string)} />;
  if (parts[0] === 'dashboards' && parts.length === 1) return <DashboardList />;
  if (parts[0] === 'dashboards') return <DashboardPage urlPath={parts.slice(1).map(decodeURIComponent).join('/')} />;
  if (parts[0] === 'services' && parts.length === 1) return <ServiceList />;
  if (parts[0] === 'services' && parts.length === 2)
    return <ServicePage name={decodeURIComponent(parts[1] as string)} />;
  if (parts[0] === 'services' && parts.length === 4 && parts[2] === 'roles')
    return <ServicePage name={decodeURIComponent(parts[1] as string)} role={decodeURIComponent(parts[3] as string)} />;
  if (parts[0] === 'explore' && parts.length === 1) return <ExplorePage />;
  if (parts[0] === 'channels' && parts.length === 1) return <ChannelsPage />;
  if (parts[0] === 'notification-groups' && parts.length === 1) return <GroupsPage />;
  if (parts[0] === 'alerts' && parts.length === 1) return <AlertsPage />;
  if (parts[0] === 'alerts' && parts.length === 2) return <AlertDetail id={decodeURIComponent(parts[1] as string)} />;
  if (parts[0] === 'monitors' && parts.length === 1) return <MonitorsPage />;
  if (parts[0] === 'monitors' && parts[1] === 'new' && parts.length === 2)
    return <MonitorFormPage initialType={place.query.get('type') ?? 'host'} />;
  if (parts[0] === 'monitors' && parts.length === 2)
    return <MonitorFormPage key={parts[1]} id={decodeURIComponent(parts[1] as string)} />;
  if (parts[0] === 'downtimes' && parts.length === 1) return <DowntimesPage />;
  if (parts[0] === 'settings' && parts.length === 1) return <UsersPage />;
  if (parts[0] === 'settings' && parts[1] === 'api-keys' && parts.length === 2) return <ApiKeysPage />;
  if (parts[0] === 'settings' && parts[1] === 'users' && parts.length === 2) return <UsersPage />;
  return (
    <section class="page">
      <h1 tabIndex={-1}>Not found</h1>
      <p>
        Nothing is at {place.path}. <Link href="/hosts">Go to the hosts</Link>.
      </p>
    </section>
  );
}

/** The whole UI: the session decides between the sign-in form and the signed-in pages. */
export function App() {
  // undefined while asking the server, null when nobody is signed in.
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [failure, setFailure] = useState('');
  const place = usePlace();
  useEffect(() => {
    fetchSession().then(setSession, (err: Error) => setFailure(err.message));
    return onAuthRefused(() => {
      fetchSession().then(
        (s) => {
          if (s === null) setSession(null);
        },
        () => {},
      );
    });
  }, []);
  useEffect(() => {
    if (session && place.path === '/') navigate('/hosts', true);
  }, [session, place.path]);
  // Focus the new page's heading, so keyboard and screen-reader users start at the page they opened.
  const signedIn = Boolean(session);
  useEffect(() => {
    if (signedIn) document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [place.path, signedIn]);
  if (failure !== '') {
    return (
      <p class="page error" role="alert">
        The server did not answer: {failure}
      </p>
    );
  }
  if (session === undefined) return <p class="page loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} />;
  const leave = () => {
    signOut().then(
      () => setSession(null),
      () => setSession(null),
    );
  };
  return (
    <Shell user={session.user} path={place.path} onSignOut={leave}>
      <Page place={place} />
    </Shell>
  );
}
