import type { ComponentChildren } from 'preact';
import type { User } from '../api/types.ts';
import { AlertsNavLink } from '../features/alerts/AlertsNavLink.tsx';
import { settingsPages } from '../features/settings/settings-access.ts';
import { Link } from './Link.tsx';
import { ThemePicker } from './ThemePicker.tsx';

/** The frame of every signed-in page: a skip link, the header with navigation, theme and user, then the page. */
export function Shell(props: { user: User; path: string; onSignOut: () => void; children: ComponentChildren }) {
  const section = props.path.split('/')[1] ?? '';
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/hosts" class="brand">
          Saba
        </Link>
        <nav aria-label="Main">
          <Link href="/hosts" aria-current={section === 'hosts' ? 'page' : undefined}>
            Hosts
          </Link>
          <Link href="/dashboards" aria-current={section === 'dashboards' ? 'page' : undefined}>
            Dashboards
          </Link>
          <Link href="/services" aria-current={section === 'services' ? 'page' : undefined}>
            Services
          </Link>
          <Link href="/explore" aria-current={section === 'explore' ? 'page' : undefined}>
            Explore
          </Link>
          <AlertsNavLink current={section === 'alerts'} />
          <Link href="/monitors" aria-current={section === 'monitors' ? 'page' : undefined}>
            Monitors
          </Link>
          <Link href="/downtimes" aria-current={section === 'downtimes' ? 'page' : undefined}>
            Downtimes
          </Link>
          <Link href="/channels" aria-current={section === 'channels' ? 'page' : undefined}>
            Channels
          </Link>
          <Link href="/notification-groups" aria-current={section === 'notification-groups' ? 'page' : undefined}>
            Notification groups
          </Link>
          {/* API keys first for owners and managers; everyone else's settings are the member list. */}
          <Link
            href={settingsPages(props.user.authority)[0]?.path ?? '/settings/users'}
            aria-current={section === 'settings' ? 'page' : undefined}
          >
            Settings
          </Link>
        </nav>
        <div class="topbar-end">
          <ThemePicker />
          <span class="user" title={props.user.email}>
            {props.user.screenName || props.user.email}
          </span>
          <button type="button" class="link-button" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
