// The browser entry: put the theme on the page before the first paint, then render the UI.
import { render } from 'preact';
import { App } from './app/App.tsx';
import { applyTheme, currentTheme } from './app/theme.ts';

applyTheme(currentTheme());
const root = document.getElementById('app');
if (root !== null) render(<App />, root);
