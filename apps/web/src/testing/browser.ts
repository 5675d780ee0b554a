// What the browser tests (src/e2e/) share: Debian's Chromium through playwright-core, a real
// server with the UI built into a temp directory, a host posted as an agent posts it, and a look
// at the pixels of the charts. Browser-side code is passed as strings: the Node project that
// type-checks these tests has no DOM library.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildWeb, type WebBuild } from '../build/build.ts';
import { type ServerProcess, spawnServer } from './server-process.ts';

/** Debian's Chromium; CI installs the package. */
export const CHROMIUM = '/usr/bin/chromium';
/** The owner the server creates on its first start, and the password the tests give it. */
export const ADMIN_EMAIL = 'admin@localhost';
export const ADMIN_PASSWORD = 'correct horse battery staple';
/**
 * Where the tests save their screenshots: with SABA_SCREENSHOTS=1, docs/screenshots/, which the
 * README shows; otherwise a temp directory, so that a test run does not rewrite the committed
 * pictures (every run's graphs differ in their pixels).
 */
export const SCREENSHOTS =
  process.env.SABA_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'saba-screenshots');

/** False when the browser tests can run; otherwise why they are skipped (SABA_REQUIRE_SERVICES=1 fails instead). */
export function browserSkip(): false | string {
  if (existsSync(CHROMIUM) || process.env.SABA_REQUIRE_SERVICES === '1') return false;
  return `${CHROMIUM} not installed (apt-get install chromium; set SABA_REQUIRE_SERVICES=1 to fail instead)`;
}

/** Headless Chromium as CI runs it (no sandbox: containers lack the namespaces it needs). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** A server process on loopback serving a fresh build of the UI, with the owner's password set. */
export interface UiServer extends ServerProcess {
  readonly build: WebBuild;
  close(): Promise<void>;
}

/**
 * Builds the UI into a temp directory and starts a server over a fresh data directory that serves
 * it; `env` adds settings (e.g. SABA_NO_AGENT=0 to run the server's own agent).
 */
export async function startUiServer(env: Record<string, string> = {}): Promise<UiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-web-e2e-'));
  const web = join(dir, 'web');
  const build = await buildWeb(web);
  let server: ServerProcess;
  try {
    server = await spawnServer(
      { SABA_DATA_DIR: join(dir, 'data'), SABA_WEB_DIR: web, SABA_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
      `web-e2e-${process.pid}-${Date.now()}`,
    );
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...server,
    build,
    close: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The body of `POST /api/v0/hosts` that mackerel-agent v0.80.0 sent (the server's captured trace). */
function agentHostInput(): Record<string, unknown> {
  const file = new URL('../../../server/src/api-tests/testdata/agent-host-input.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** The values of one minute of a Linux host, as the agent posts them, drifting with `i`. */
function agentMinute(hostId: string, time: number, i: number) {
  // A slow daily swing with a little deterministic jitter, like a lightly used web server.
  const wave = Math.sin(i / 180) + (((i * 9301 + 49297) % 233280) / 233280 - 0.5) * 0.3;
  const values: Record<string, number> = {
    loadavg1: 0.8 + wave * 0.5,
    loadavg5: 0.6 + wave * 0.3,
    loadavg15: 0.5 + wave * 0.1,
    'cpu.user.percentage': 40 + wave * 20,
    'cpu.system.percentage': 12 + wave * 4,
    'cpu.iowait.percentage': 3,
    'cpu.idle.percentage': 145 - wave * 24,
    'memory.total': 24_684_084 * 1024,
    'memory.used': (6 + wave) * 1024 ** 3,
    'memory.mem_available': (17.5 - wave) * 1024 ** 3,
    'memory.swap_total': 0,
    'memory.swap_free': 0,
    'disk.vda.reads.delta': 20 + wave * 10,
    'disk.vda.writes.delta': 45 + wave * 15,
    'interface.eth0.rxBytes.delta': 150_000 + wave * 50_000,
    'interface.eth0.txBytes.delta': 90_000 - wave * 30_000,
    'filesystem.vda.size': 264_212_084 * 1024,
    'filesystem.vda.used': (25_668_280 + i * 100) * 1024,
    'custom.app.requests.get': 120 + wave * 40,
    'custom.app.requests.post': 30 + wave * 10,
  };
  return Object.entries(values).map(([name, value]) => ({ hostId, name, time, value }));
}

/**
 * Registers a host with the real agent's body (renamed) and posts `minutes` minutes of its system
 * metrics and a custom graph ending now; returns its id.
 */
export async function seedAgentHost(h: ServerProcess, name: string, minutes: number): Promise<string> {
  const input = { ...agentHostInput(), name };
  const created = await h.call('POST', '/api/v0/hosts', { body: input });
  if (created.status !== 200) throw new Error(`POST /api/v0/hosts: ${created.status} ${created.text}`);
  const id = created.json.id as string;
  const now = Math.floor(Date.now() / 60_000) * 60;
  const values = [];
  for (let i = 0; i < minutes; i++) values.push(...agentMinute(id, now - (minutes - 1 - i) * 60, i));
  const posted = await h.call('POST', '/api/v0/tsdb', { body: values });
  if (posted.status !== 200) throw new Error(`POST /api/v0/tsdb: ${posted.status} ${posted.text}`);
  const defs = await h.call('POST', '/api/v0/graph-defs/create', {
    body: [
      {
        name: 'custom.app.requests',
        displayName: 'App requests',
        unit: 'integer',
        metrics: [
          { name: 'custom.app.requests.get', displayName: 'GET', isStacked: true },
          { name: 'custom.app.requests.post', displayName: 'POST', isStacked: true },
        ],
      },
    ],
  });
  if (defs.status !== 200) throw new Error(`POST /api/v0/graph-defs/create: ${defs.status} ${defs.text}`);
  return id;
}

/** Signs in through the form by keyboard alone: the email field has the focus, Tab, Enter. */
export async function signInByKeyboard(page: Page): Promise<void> {
  await page.waitForSelector('input[name="email"]:focus');
  await page.keyboard.type(ADMIN_EMAIL);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('main h1:text("Hosts")');
}

/**
 * For each chart canvas on the page (`canvases`: the graph cards' by default), how many pixels
 * are close to `colour` (#rrggbb): a chart whose first series drew shows hundreds; axes and grid
 * never use a series colour.
 */
export function seriesInk(page: Page, colour: string, canvases = '.graph-card canvas'): Promise<number[]> {
  return page.evaluate(`(() => {
    const want = ${JSON.stringify(colour)}.match(/[0-9a-f]{2}/gi).map((h) => parseInt(h, 16));
    return [...document.querySelectorAll(${JSON.stringify(canvases)})].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 200 && Math.abs(d[i] - want[0]) < 24 && Math.abs(d[i + 1] - want[1]) < 24 && Math.abs(d[i + 2] - want[2]) < 24) n++;
      }
      return n;
    });
  })()`);
}

/**
 * Polls `expression` in the page until it is truthy. Playwright's waitForFunction compiles its
 * predicate with eval inside the page, which the UI's Content-Security-Policy rightly refuses.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the page scrolls sideways (it must not, down to phone width). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

/** Saves a screenshot of the page as <SCREENSHOTS>/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}
