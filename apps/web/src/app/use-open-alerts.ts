// The open alerts, live: one poll for the whole UI (the navigation's count and the alerts page read
// the same list), every 15 s while the tab is visible and at once when it becomes visible again.
// Alerts open when a post arrives (spec features §2.2), so 15 s keeps the page within a quarter of
// the agents' minute; one request of ~100 alerts every 15 s costs the server next to nothing.
import { useEffect, useState } from 'preact/hooks';
import { allOpenAlerts, type FullAlert } from '../api/alerts.ts';

/** How often the open alerts are fetched while the page is visible. */
export const OPEN_ALERTS_POLL_MS = 15_000;

/** The live list: undefined until the first answer; `error` is the last failure ('' after a success). */
export interface OpenAlerts {
  readonly alerts: readonly FullAlert[] | undefined;
  readonly error: string;
}

let state: OpenAlerts = { alerts: undefined, error: '' };
const listeners = new Set<(s: OpenAlerts) => void>();
let timer: ReturnType<typeof setInterval> | undefined;
// Each fetch has a number; only the latest one's answer is shown, so a fetch asked for after a
// change (an alert closed) is never overtaken by an older one still on its way.
let generation = 0;

function publish(next: OpenAlerts): void {
  state = next;
  for (const l of listeners) l(state);
}

/** Fetches the open alerts now (after a change the page made); an older fetch still under way is ignored. */
export function refreshOpenAlerts(): Promise<void> {
  const mine = ++generation;
  return allOpenAlerts().then(
    (alerts) => {
      if (mine === generation) publish({ alerts, error: '' });
    },
    (err: Error) => {
      if (mine === generation) publish({ alerts: state.alerts, error: err.message });
    },
  );
}

function onVisible(): void {
  if (document.visibilityState === 'visible') void refreshOpenAlerts();
}

function start(): void {
  timer = setInterval(onVisible, OPEN_ALERTS_POLL_MS);
  document.addEventListener('visibilitychange', onVisible);
  void refreshOpenAlerts();
}

function stop(): void {
  clearInterval(timer);
  timer = undefined;
  document.removeEventListener('visibilitychange', onVisible);
}

/** The open alerts, re-rendering when they change; polling runs while any component uses this. */
export function useOpenAlerts(): OpenAlerts {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    if (listeners.size === 1) start();
    setCurrent(state);
    return () => {
      listeners.delete(setCurrent);
      if (listeners.size === 0) stop();
    };
  }, []);
  return current;
}
