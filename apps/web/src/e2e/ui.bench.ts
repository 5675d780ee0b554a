// How fast the web UI is in Debian's Chromium (issue 7's budgets; figures in decision 0011):
//   - the script's size, gzipped (budget 300 KB);
//   - one chart of 10 series × 1,440 points, from uPlot's construction to its first draw (budget 50 ms);
//   - a host page of 20 graphs over 24 h, from navigation to every chart drawn (budget 1 s);
//   - the host list with 1,000 hosts: first render, and a search narrowing it.
// Run with `npm run bench -- ui.bench`. Prints figures; asserts nothing about time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { describeBuild } from '../build/build.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  CHROMIUM,
  launchChromium,
  startUiServer,
  type UiServer,
} from '../testing/browser.ts';

const GRAPHS = 20;
const MINUTES = 24 * 60 - 5;

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number).toFixed(1);
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, min ${at(0)} ms (${s.length} runs)`;
}

async function chartDraw(browser: Browser): Promise<void> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./chart-bench-page.tsx', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    logLevel: 'silent',
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
  const runs: number[] = [];
  let ink = 0;
  for (let i = 0; i < 25; i++) {
    const r = (await page.evaluate('window.sabaChartBench(10, 1440)')) as { ms: number; ink: number };
    // The first runs include compiling the chart code; the page pays that once.
    if (i >= 5) runs.push(r.ms);
    ink = r.ink;
  }
  console.log(`chart of 10 series × 1,440 points: ${summary(runs)}; ${ink} pixels painted`);
  await page.close();
}

/** A host with GRAPHS custom graphs of two series each, a day of minutes. */
async function seedHost(ui: UiServer): Promise<string> {
  const id = (await ui.call('POST', '/api/v0/hosts', { body: { name: 'bench-host', meta: {} } })).json.id as string;
  const now = Math.floor(Date.now() / 60_000) * 60;
  const values = [];
  for (let g = 0; g < GRAPHS; g++) {
    for (let m = 0; m < MINUTES; m++) {
      const time = now - (MINUTES - 1 - m) * 60;
      values.push({ hostId: id, name: `custom.bench.g${g}.a`, time, value: 100 + 50 * Math.sin(m / 60 + g) });
      values.push({ hostId: id, name: `custom.bench.g${g}.b`, time, value: 60 + 30 * Math.cos(m / 45 + g) });
    }
  }
  const posted = await ui.call('POST', '/api/v0/tsdb', { body: values });
  if (posted.status !== 200) throw new Error(`POST /api/v0/tsdb: ${posted.status} ${posted.text}`);
  return id;
}

/** Records in the page when the last of `GRAPHS` charts appears (ms since navigation started). */
const WATCH_CHARTS = `
  new MutationObserver((_, observer) => {
    if (document.querySelectorAll('.graph-card canvas').length >= ${GRAPHS}) {
      window.__sabaChartsAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });`;

async function hostPage(browser: Browser, ui: UiServer, id: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const signIn = await context.request.post(`${ui.url}/api/v0/session`, {
    data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  });
  if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()} ${await signIn.text()}`);
  await context.addInitScript(WATCH_CHARTS);
  const page = await context.newPage();
  for (const visit of ['first visit', 'cached script']) {
    await page.goto(`${ui.url}/hosts/${id}?range=1d`);
    const started = Date.now();
    while (!(await page.evaluate('window.__sabaChartsAt !== undefined'))) {
      if (Date.now() - started > 30_000) throw new Error('the charts did not appear');
      await new Promise((r) => setTimeout(r, 20));
    }
    const t = (await page.evaluate(
      `({ charts: window.__sabaChartsAt, dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd })`,
    )) as { charts: number; dom: number };
    console.log(
      `host page, ${GRAPHS} graphs × 2 series over 24 h (${visit}): DOM ready ${t.dom.toFixed(0)} ms, every chart drawn ${t.charts.toFixed(0)} ms after navigation`,
    );
  }
  await context.close();
}

const FLEET = 1000;

async function hostList(browser: Browser, ui: UiServer): Promise<void> {
  // Registered 50 at a time, as a fleet of agents would arrive.
  for (let i = 0; i < FLEET; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, FLEET - i) }, (_, j) =>
        ui.call('POST', '/api/v0/hosts', {
          body: {
            name: `fleet-${String(i + j).padStart(4, '0')}`,
            meta: {},
            roleFullnames: [`shop:role${(i + j) % 7}`],
          },
        }),
      ),
    );
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.request.post(`${ui.url}/api/v0/session`, { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  const page = await context.newPage();
  await page.goto(`${ui.url}/hosts`);
  const started = Date.now();
  while (((await page.evaluate(`document.querySelectorAll('tr .host-link').length`)) as number) < FLEET) {
    if (Date.now() - started > 30_000) throw new Error('the host list did not show every host');
    await new Promise((r) => setTimeout(r, 20));
  }
  const listed = (await page.evaluate('performance.now()')) as number;
  // Typing into the search re-filters and re-renders the table; the next frame shows the result.
  const search = (await page.evaluate(`new Promise((resolve) => {
    const input = document.querySelector('input[type="search"]');
    const t0 = performance.now();
    input.value = 'fleet-09';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    requestAnimationFrame(() => resolve({ ms: performance.now() - t0, rows: document.querySelectorAll('tr .host-link').length }));
  })`)) as { ms: number; rows: number };
  console.log(
    `host list of ${FLEET} hosts: every row shown ${listed.toFixed(0)} ms after navigation; a search to ${search.rows} rows shown in ${search.ms.toFixed(0)} ms`,
  );
  await context.close();
}

if (!existsSync(CHROMIUM)) {
  console.log(`skipped: ${CHROMIUM} not installed`);
} else {
  const ui = await startUiServer();
  const browser = await launchChromium();
  try {
    console.log(`build:\n${describeBuild(ui.build)}`);
    await chartDraw(browser);
    await hostPage(browser, ui, await seedHost(ui));
    await hostList(browser, ui);
  } finally {
    await browser.close();
    await ui.close();
  }
}
