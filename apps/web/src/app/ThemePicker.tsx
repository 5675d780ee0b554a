import { THEMES, type Theme, useTheme } from './theme.ts';

/** The theme choice: a labelled select, remembered for the next visit. */
export function ThemePicker() {
  const [theme, setTheme] = useTheme();
  return (
    <label class="theme-picker">
      <span>Theme</span>
      <select value={theme} onChange={(e) => setTheme(e.currentTarget.value as Theme)}>
        {THEMES.map((t) => (
          <option key={t.key} value={t.key}>
            {t.label}
          </option>
        ))}
      </select>
    </label>
  );
}
