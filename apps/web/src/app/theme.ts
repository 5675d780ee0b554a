// Light, "hacker" (a dark terminal look, features §5.2) and colour-vision support (the
// Okabe–Ito palette): CSS custom properties on <html data-theme>, chosen once and kept in
// localStorage. Charts draw on canvas, which cannot read CSS variables, so they ask for the colours.
import { useEffect, useState } from 'preact/hooks';

/** The themes, in the order the picker lists them. */
export const THEMES = [
  { key: 'light', label: 'Light' },
  { key: 'hacker', label: 'Hacker (dark)' },
  { key: 'cvd', label: 'Colour-vision support' },
] as const;

/** One theme's key. */
export type Theme = (typeof THEMES)[number]['key'];

const STORAGE_KEY = 'saba.theme';
/** How many series colours each theme defines (`--series-0` …); more series reuse them in turn. */
const SERIES_COLOURS = 8;
const listeners = new Set<(t: Theme) => void>();

function isTheme(v: unknown): v is Theme {
  return THEMES.some((t) => t.key === v);
}

function stored(): Theme | undefined {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isTheme(v) ? v : undefined;
  } catch {
    // Storage can be switched off; the theme then lasts for the page only.
    return undefined;
  }
}

/** The theme in use: the one chosen before, or on a first visit dark for a dark system setting. */
export function currentTheme(): Theme {
  const t = document.documentElement.dataset.theme;
  if (isTheme(t)) return t;
  return stored() ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'hacker' : 'light');
}

/** Puts `theme` on the page; `persist` also remembers it for the next visit. */
export function applyTheme(theme: Theme, persist = false): void {
  document.documentElement.dataset.theme = theme;
  const meta = document.querySelector('meta[name="color-scheme"]');
  meta?.setAttribute('content', theme === 'hacker' ? 'dark' : 'light');
  if (persist) {
    try {
      localStorage.setItem(STORAGE_KEY, theme);
    } catch {
      // See stored(): nothing to keep it in.
    }
  }
  for (const l of listeners) l(theme);
}

/** The current theme and a setter that applies and remembers a new one; re-renders on every change. */
export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState(currentTheme);
  useEffect(() => {
    listeners.add(setTheme);
    return () => {
      listeners.delete(setTheme);
    };
  }, []);
  return [theme, (t) => applyTheme(t, true)];
}

/** The colours a canvas chart needs, read from the current theme's CSS variables. */
export interface ChartColours {
  readonly series: readonly string[];
  readonly axis: string;
  readonly grid: string;
  readonly font: string;
}

/** The current theme's chart colours. */
export function chartColours(): ChartColours {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const series: string[] = [];
  for (let i = 0; i < SERIES_COLOURS; i++) series.push(v(`--series-${i}`, '#1f77b4'));
  return {
    series,
    axis: v('--chart-axis', '#57606a'),
    grid: v('--chart-grid', '#d0d7de'),
    font: `12px ${v('--chart-font', 'sans-serif')}`,
  };
}
