// The web UI in a real browser against a real server: sign in by keyboard, find the host an agent
// registered, open it, see its graphs draw, zoom by dragging, switch themes (kept across a
// reload), change a status, retire with confirmation, fit a phone, sign out. The steps share one
// page and run in order; each saves the screenshot the README shows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  browserSkip,
  launchChromium,
  screenshot,
  scrollsSideways,
  seedAgentHost,
  seriesInk,
  signInByKeyboard,
  startUiServer,
  type UiServer,
  waitUntil,
} from '../testing/browser.ts';

const skip = browserSkip();

/** The graphs the seeded host has: six system groups and one custom graph definition. */
const GRAPHS = ['loadavg', 'cpu', 'memory', 'disk', 'interface', 'filesystem', 'custom.app.requests'];
/** --series-0 of each theme (theme.css): the first series of every chart is drawn in it. */
const FIRST_SERIES = { light: '#1f77b4', hacker: '#33ff66', cvd: '#0072b2' } as const;

describe('web UI in Chromium', { skip }, () => {
  let ui: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hostId: string;
  let spareId: string;
  const problems: string[] = [];

  before(async () => {
    ui = await startUiServer();
    // A day of minutes but the last few: the API keeps nothing older than 24 h.
    hostId = await seedAgentHost(ui, 'web-demo-01', 24 * 60 - 5);
    spareId = await seedAgentHost(ui, 'batch-spare-02', 10);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    // Script errors and Content-Security-Policy refusals would break the UI silently: collect them.
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await ui?.close();
  });

  /**
   * Waits until every graph of the host page has drawn its first series for the window asked for
   * (a card is aria-busy while it still shows an older one); returns the ink per canvas. A chart
   * has drawn when it has `enough` pixels of `colour`: a day's series draw over 50, but in a few
   * hours a flat memory series draws fewer.
   */
  async function graphsDrawn(colour: string, enough = 50): Promise<number[]> {
    await waitUntil(
      page,
      `document.querySelectorAll('.graph-card canvas').length === ${GRAPHS.length} &&
        document.querySelector('.graph-card[aria-busy="true"]') === null`,
    );
    // Charts draw a frame or two after they are made (or after a theme change); on a loaded
    // machine that can take longer, so ask until every chart has ink or 10 s have passed.
    const end = Date.now() + 10_000;
    for (;;) {
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      const ink = await seriesInk(page, colour);
      if (ink.every((n) => n > enough) || Date.now() > end) return ink;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * The plot area of a graph. A new range redraws each chart when its points arrive, which may be
   * after its old chart had ink, so the box is asked for until the chart holds still.
   */
  async function plotBox(graph: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const over = page.locator(`[data-graph="${graph}"] .u-over`);
    const end = Date.now() + 10_000;
    for (;;) {
      const box = await over.boundingBox({ timeout: 10_000 });
      if (box !== null && box.width > 0) return box;
      if (Date.now() > end) throw new Error(`the ${graph} graph has no plot area`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  test('a wrong password is refused with the server message; the right one signs in by keyboard', async () => {
    await page.goto(ui.url);
    await page.fill('input[name="email"]', 'admin@localhost');
    await page.fill('input[name="password"]', 'not the password');
    await page.click('button[type="submit"]');
    assert.match((await page.textContent('[role="alert"]', { timeout: 10_000 })) ?? '', /wrong email or password/);
    await page.reload();
    await page.waitForSelector('input[name="email"]:focus');
    await screenshot(page, 'sign-in');
    await signInByKeyboard(page);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'saba_session');
    assert.ok(session, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(await page.evaluate('document.cookie.includes("saba_session")'), false);
  });

  test('the hosts the agent registered are listed with status, roles and key metrics', async () => {
    await page.waitForSelector('a.host-link:text("web-demo-01")');
    assert.match((await page.textContent('.status-line')) ?? '', /Showing 2 of 2 hosts/);
    const row = page.locator('tr', { has: page.locator('a.host-link:text("web-demo-01")') });
    assert.match((await row.textContent()) ?? '', /working/);
    assert.match((await row.textContent()) ?? '', /acceptance:agent/);
    // Load average 5 and CPU/memory percentages from tsdb/latest arrive after the list.
    await waitUntil(
      page,
      `[...document.querySelectorAll('tr')].some((r) => r.textContent.includes('web-demo-01') && /\\d%.*\\d%/.test(r.textContent))`,
    );
    await screenshot(page, 'hosts');
  });

  test('the list filters by search and status, and works by keyboard: Tab to the search, type, Tab to the host, Enter', async () => {
    await page.selectOption('label:has-text("Status") select', 'maintenance');
    await page.waitForSelector('text=Showing 0 of 2 hosts');
    assert.match(page.url(), /status=maintenance/);
    await page.selectOption('label:has-text("Status") select', '');
    await page.focus('main h1');
    let onSearch = false;
    for (let i = 0; i < 5 && !onSearch; i++) {
      await page.keyboard.press('Tab');
      onSearch = await page.evaluate('document.activeElement?.type === "search"');
    }
    assert.ok(onSearch, 'Tab reaches the search box');
    await page.keyboard.type('demo');
    await page.waitForSelector('text=Showing 1 of 2 hosts');
    let onLink = false;
    for (let i = 0; i < 12 && !onLink; i++) {
      await page.keyboard.press('Tab');
      onLink = await page.evaluate('document.activeElement?.classList.contains("host-link") === true');
    }
    assert.ok(onLink, 'Tab reaches the host link');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main h1:text("web-demo-01")');
    assert.equal(new URL(page.url()).pathname, `/hosts/${hostId}`);
  });

  test('the host page shows the spec and every metric group as a drawn graph', async () => {
    const ink = await graphsDrawn(FIRST_SERIES.light);
    const titles = await page.evaluate(`[...document.querySelectorAll('.graph-card')].map((e) => e.dataset.graph)`);
    assert.deepEqual(titles, GRAPHS);
    ink.forEach((n, i) => {
      assert.ok(n > 50, `graph ${GRAPHS[i]} drew its first series (${n} pixels)`);
    });
    const spec = (await page.textContent('.spec')) ?? '';
    for (const text of ['Debian 12.11', '2 × AMD EPYC', '23.5 GiB', 'eth0', '192.0.2.2', '/dev/vda']) {
      assert.ok(spec.includes(text), `spec shows ${text}`);
    }
    assert.match((await page.textContent('.alerts')) ?? '', /No open alerts/);
    assert.match(
      (await page.textContent('[data-graph="custom.app.requests"]')) ?? '',
      /App requests[\s\S]*GET[\s\S]*POST/,
    );
    await screenshot(page, 'host', true);
  });

  /**
   * A host page in a context of its own, signed in, whose clock is Playwright's (a minute passes
   * when the test says so); `fetched()` counts the metric requests it has made.
   */
  async function livePage(): Promise<{ live: BrowserContext; p: Page; fetched: () => number }> {
    const live = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signedIn = await live.request.post(`${ui.url}/api/v0/session`, {
      data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    assert.equal(signedIn.status(), 200);
    const p = await live.newPage();
    await p.clock.install();
    let fetched = 0;
    p.on('request', (r) => {
      if (r.url().includes('/metrics?')) fetched++;
    });
    await p.goto(`${ui.url}/hosts/${hostId}`);
    await waitUntil(p, `document.querySelectorAll('.graph-card canvas').length === ${GRAPHS.length}`);
    return { live, p, fetched: () => fetched };
  }

  /** Lets a minute pass on `p`'s clock and waits until every graph has fetched and drawn again. */
  async function nextMinute(p: Page, fetched: () => number): Promise<void> {
    const before = fetched();
    await p.clock.runFor(61_000);
    const deadline = Date.now() + 20_000;
    while (fetched() < before + 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(fetched(), before + 20, 'every metric fetched again after a minute');
    await waitUntil(p, `document.querySelector('.graph-card[aria-busy="true"]') === null`, 20_000);
  }

  test('a live range fetches every graph again each minute', async () => {
    const { live, p, fetched } = await livePage();
    try {
      assert.equal(fetched(), 20, 'one request per metric');
      await nextMinute(p, fetched);
    } finally {
      await live.close();
    }
  });

  test('a live minute arriving during a drag does not drop the drag', async () => {
    const { live, p, fetched } = await livePage();
    try {
      const over = await p.locator('[data-graph="loadavg"] .u-over').boundingBox();
      assert.ok(over !== null, 'the loadavg graph has a plot area');
      const y = over.y + over.height / 2;
      await p.mouse.move(over.x + over.width * 0.75, y);
      await p.mouse.down();
      await p.mouse.move(over.x + over.width * 0.85, y, { steps: 5 });
      await nextMinute(p, fetched);
      // The chart under the pointer was kept: the dragged selection is still drawn.
      const selected = await p.evaluate(
        `document.querySelector('[data-graph="loadavg"] .u-select')?.getBoundingClientRect().width ?? 0`,
      );
      assert.ok(Number(selected) > 0.05 * over.width, `the selection is still shown (${selected} px)`);
      await p.mouse.move(over.x + over.width * 0.95, y, { steps: 5 });
      await p.mouse.up();
      await waitUntil(p, 'new URLSearchParams(location.search).has("from")');
    } finally {
      await live.close();
    }
  });

  test('a range button and dragging across a graph change the range', async () => {
    await page.click('button:text-is("6h")');
    // The button is pressed in the same render that gives the graphs their new window.
    await waitUntil(
      page,
      `location.search === "?range=6h" &&
        document.querySelector('.range-buttons [aria-pressed="true"]')?.textContent === "6h"`,
    );
    await graphsDrawn(FIRST_SERIES.light, 10);
    const over = await plotBox('loadavg');
    const y = over.y + over.height / 2;
    await page.mouse.move(over.x + over.width * 0.75, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.85, y, { steps: 5 });
    await page.mouse.move(over.x + over.width * 0.95, y, { steps: 5 });
    await page.mouse.up();
    await waitUntil(
      page,
      `new URLSearchParams(location.search).has("from") &&
        document.querySelector('.range-buttons [aria-pressed="true"]') === null`,
    );
    const q = new URL(page.url()).searchParams;
    const span = Number(q.get('to')) - Number(q.get('from'));
    // A fifth of the plot's six hours is about 72 minutes.
    assert.ok(span > 50 * 60 && span < 95 * 60, `zoomed to ${span} s`);
    assert.equal(await page.locator('.range-buttons [aria-pressed="true"]').count(), 0);
    const ink = await graphsDrawn(FIRST_SERIES.light, 10);
    assert.ok((ink[0] ?? 0) > 50, 'the zoomed graph draws');
    await page.click('text=Back to the last day');
    await waitUntil(page, 'location.search === "?range=1d"');
  });

  test('Custom… shows a typed window, refuses To before From, and closes on Escape', async () => {
    // Opened on the last day, the form has the focus and starts from the window shown.
    await page.click('button:text-is("Custom…")');
    await waitUntil(
      page,
      `document.activeElement?.name === "from" &&
        Math.abs(new Date(document.activeElement.value).getTime() / 1000 - (Date.now() / 1000 - 86400)) < 120`,
    );
    // Two hours ending an hour ago, as the inputs show local time (the page and this test share the zone).
    const want = await page.evaluate<{ from: string; to: string; fromSec: number; toSec: number }>(`(() => {
      const p = (n) => String(n).padStart(2, '0');
      const local = (d) =>
        d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
      const to = new Date(Date.now() - 3600 * 1000);
      to.setSeconds(0, 0);
      const from = new Date(to.getTime() - 2 * 3600 * 1000);
      return { from: local(from), to: local(to), fromSec: from.getTime() / 1000, toSec: to.getTime() / 1000 };
    })()`);
    await page.fill('.custom-range input[name="from"]', want.to);
    await page.fill('.custom-range input[name="to"]', want.from);
    await page.click('.custom-range button:text-is("Apply")');
    await waitUntil(
      page,
      `/later than From/.test(document.querySelector('.custom-range [role="alert"]')?.textContent ?? "")`,
    );
    assert.equal(await page.evaluate('location.search'), '?range=1d', 'a refused window changes nothing');
    // Escape closes the form and gives the focus back to Custom…, which Enter opens again.
    await page.keyboard.press('Escape');
    await waitUntil(
      page,
      `document.querySelector('.custom-range') === null && document.activeElement?.textContent === "Custom…"`,
    );
    assert.equal(await page.evaluate('location.search'), '?range=1d', 'Escape changes nothing');
    await page.keyboard.press('Enter');
    await waitUntil(page, `document.activeElement?.name === "from"`);
    await page.fill('.custom-range input[name="from"]', want.from);
    await page.fill('.custom-range input[name="to"]', want.to);
    await page.click('.custom-range button:text-is("Apply")');
    await waitUntil(
      page,
      `(() => {
        const q = new URLSearchParams(location.search);
        return Math.abs(Number(q.get("from")) - ${want.fromSec}) <= 60 &&
          Math.abs(Number(q.get("to")) - ${want.toSec}) <= 60 &&
          document.querySelector('.custom-range') === null &&
          document.querySelector('.range-buttons [aria-pressed="true"]') === null;
      })()`,
    );
    // The graphs fetch the typed window before the range goes back to the last day.
    await waitUntil(page, `document.querySelector('.graph-card[aria-busy="true"]') === null`);
    await page.click('text=Back to the last day');
    await waitUntil(page, 'location.search === "?range=1d"');
  });

  test('themes switch the colours of the page and the charts, and the choice survives a reload', async () => {
    // The day's graphs, whatever the test before left on the page (a zoom draws fewer points).
    if (new URL(page.url()).search !== '?range=1d') {
      await page.goto(`${ui.url}/hosts/${hostId}?range=1d`);
      await graphsDrawn(FIRST_SERIES.light);
    }
    const theme = 'label.theme-picker select';
    for (const t of ['hacker', 'cvd'] as const) {
      await page.selectOption(theme, t);
      assert.equal(await page.getAttribute('html', 'data-theme'), t);
      const ink = await graphsDrawn(FIRST_SERIES[t]);
      assert.ok(
        ink.every((n) => n > 50),
        `${t}: every chart redrew in its palette (${ink.join(', ')})`,
      );
      await screenshot(page, `host-${t}`, true);
    }
    await page.selectOption(theme, 'hacker');
    const background = await page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    assert.equal(background, 'rgb(0, 0, 0)');
    await page.reload();
    await page.waitForSelector('main h1:text("web-demo-01")');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'hacker');
    assert.equal(await page.inputValue(theme), 'hacker');
    await page.selectOption(theme, 'light');
    assert.equal(await page.evaluate('localStorage.getItem("saba.theme")'), 'light');
  });

  test('a first visit with a dark system setting opens in the dark theme', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark' });
    try {
      const p = await dark.newPage();
      await p.goto(ui.url);
      await p.waitForSelector('input[name="email"]');
      assert.equal(await p.getAttribute('html', 'data-theme'), 'hacker');
      assert.equal(await p.evaluate('localStorage.getItem("saba.theme")'), null, 'not a choice until one is made');
    } finally {
      await dark.close();
    }
  });

  test('phone width (390 px): no page scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${ui.url}/hosts`);
      await page.waitForSelector('a.host-link');
      assert.equal(await scrollsSideways(page), false, 'host list');
      await screenshot(page, 'hosts-phone');
      await page.goto(`${ui.url}/hosts/${hostId}`);
      await graphsDrawn(FIRST_SERIES.light);
      assert.equal(await scrollsSideways(page), false, 'host page');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test('changing the status on the host page changes the host', async () => {
    await page.goto(`${ui.url}/hosts/${hostId}`);
    await page.selectOption('.host-actions select', 'maintenance');
    await page.waitForSelector('.host-title .badge:text("maintenance")');
    const host = await ui.call('GET', `/api/v0/hosts/${hostId}`);
    assert.equal(host.json.host.status, 'maintenance');
  });

  test('retiring asks first; Cancel keeps the host, confirming retires it and returns to the list', async () => {
    await page.goto(`${ui.url}/hosts/${spareId}`);
    await page.click('button:text("Retire…")');
    await page.waitForSelector('dialog[open]');
    // Cancel has the focus, so Enter alone never retires.
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog', { state: 'detached' });
    assert.equal((await ui.call('GET', `/api/v0/hosts/${spareId}`)).json.host.isRetired, false);
    await page.click('button:text("Retire…")');
    await page.click('dialog button:text("Retire host")');
    await page.waitForSelector('main h1:text("Hosts")');
    await page.waitForSelector('text=Showing 1 of 1 host');
    assert.equal((await ui.call('GET', `/api/v0/hosts/${spareId}`)).json.host.isRetired, true);
  });

  test('writes carry the CSRF token: the same request without it is refused', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'saba_session');
    assert.ok(cookie);
    const bare = await ui.call('POST', `/api/v0/hosts/${hostId}/status`, {
      key: null,
      body: { status: 'working' },
      headers: { cookie: `saba_session=${cookie.value}` },
    });
    assert.equal(bare.status, 403, bare.text);
    assert.equal((await ui.call('GET', `/api/v0/hosts/${hostId}`)).json.host.status, 'maintenance');
  });

  test('signing out ends the session and shows the sign-in form', async () => {
    await page.click('button:text("Sign out")');
    await page.waitForSelector('input[name="email"]');
    const s = await page.evaluate('fetch("/api/v0/session").then((r) => r.status)');
    assert.equal(s, 403);
  });

  test('no script error or Content-Security-Policy refusal happened on any page', () => {
    assert.deepEqual(problems, []);
  });
});
