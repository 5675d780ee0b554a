// A small history router: pages read the path and query of the address bar and change it with
// navigate(); the browser's back and forward buttons work as on any site.
import { useEffect, useState } from 'preact/hooks';

/** Where the page is: the path and the parsed query. */
export interface Place {
  readonly path: string;
  readonly query: URLSearchParams;
}

const EVENT = 'saba:navigate';

function here(): Place {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Goes to `to` (a path with an optional query); `replace` rewrites the current history entry instead. */
export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new Event(EVENT));
}

/** `path` with the query pairs (empty values left out). */
export function withQuery(path: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  const q = new URLSearchParams(pairs.filter(([, v]) => v !== '') as Array<[string, string]>).toString();
  return q === '' ? path : `${path}?${q}`;
}

/** The current place; re-renders when it changes. */
export function usePlace(): Place {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const update = () => setPlace(here());
    addEventListener('popstate', update);
    addEventListener(EVENT, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(EVENT, update);
    };
  }, []);
  return place;
}

/** A click handler for in-app links: plain left clicks navigate here; modified clicks open as usual. */
export function followLink(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.currentTarget as HTMLAnchorElement;
  if (a.origin !== location.origin || a.target !== '') return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}
