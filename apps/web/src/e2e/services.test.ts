// Services, role graphs and graph annotations in a real browser against a real server: a service
// with two roles, three agent hosts and a service metric; the list counts hosts per role; a role
// graph draws one series per host; an annotation is made by dragging in annotate mode, drawn as
// a band, edited and deleted. The steps share one page and run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
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

/** --series-0 and --series-1 of the light theme (theme.css): the first two hosts of a role graph. */
const SERIES = ['#1f77b4', '#ff7f0e'] as const;
const MINUTES = 180;

describe('services and role graphs in Chromium', { skip }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  async function ok(method: string, path: string, body: unknown): Promise<void> {
    const a = await ui.call(method, path, { body });
    assert.equal(a.status, 200, `${method} ${path}: ${a.text}`);
  }

  before(async () => {
    ui = await startUiServer();
    await ok('POST', '/api/v0/services', { name: 'Blog', memo: 'The company blog' });
    await ok('POST', '/api/v0/services/Blog/roles', { name: 'web' });
    await ok('POST', '/api/v0/services/Blog/roles', { name: 'db' });
    // Different lengths shift each host's daily swing, so the two web hosts' lines do not overlap.
    for (const [name, role, minutes] of [
      ['blog-web-01', 'web', MINUTES],
      ['blog-web-02', 'web', MINUTES - 40],
      ['blog-db-01', 'db', MINUTES],
    ] as const) {
      const id = await seedAgentHost(ui, name, minutes);
      await ok('PUT', `/api/v0/hosts/${id}/role-fullnames`, { roleFullnames: [`Blog:${role}`] });
    }
    const now = Math.floor(Date.now() / 60_000) * 60;
    const values = [];
    for (let i = 0; i < MINUTES; i++) {
      const time = now - (MINUTES - 1 - i) * 60;
      values.push({ name: 'access.count.2xx', time, value: 500 + 100 * Math.sin(i / 20) });
      values.push({ name: 'access.count.5xx', time, value: 5 + (i % 7) });
    }
    await ok('POST', '/api/v0/services/Blog/tsdb', values);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await ui?.close();
  });

  async function charts(n: number): Promise<void> {
    await waitUntil(
      page,
      `document.querySelectorAll('.graph-card canvas').length >= ${n} &&
        document.querySelector('.graph-card[aria-busy="true"]') === null`,
    );
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  }

  test('the services list shows each role with its number of hosts', async () => {
    await page.goto(ui.url);
    await signInByKeyboard(page);
    await page.click('nav[aria-label="Main"] a:text("Services")');
    await page.waitForSelector('main h1:text("Services")');
    const blog = page.locator('[data-service="Blog"]');
    await blog.waitFor();
    assert.match((await blog.textContent()) ?? '', /The company blog/);
    assert.match((await blog.locator('.service-hosts').textContent()) ?? '', /^3 hosts$/);
    assert.equal(await blog.locator('[data-role="web"] .role-count').textContent(), '2 hosts');
    assert.equal(await blog.locator('[data-role="db"] .role-count').textContent(), '1 host');
    await screenshot(page, 'services');
  });

  test('the service metrics tab draws the service metric graph', async () => {
    await page.click('[data-service="Blog"] h2 a');
    await page.waitForSelector('main h1:text-is("Blog")');
    await charts(1);
    assert.deepEqual(await page.evaluate(`[...document.querySelectorAll('.graph-card')].map((e) => e.dataset.graph)`), [
      'access.count.*',
    ]);
    const ink = await seriesInk(page, SERIES[0]);
    assert.ok((ink[0] ?? 0) > 50, `the 2xx series drew (${ink[0]} pixels)`);
  });

  test('a role graph draws one series per host, and its legend lists the hosts', async () => {
    await page.click('nav.tabs a:text("web (2)")');
    await page.waitForSelector('main h1:text-is("Blog: web")');
    await charts(7);
    const load = page.locator('[data-graph="loadavg"]');
    const legend = (await load.locator('.u-legend').textContent()) ?? '';
    assert.match(legend, /blog-web-01/);
    assert.match(legend, /blog-web-02/);
    assert.doesNotMatch(legend, /blog-db-01/, "another role's host is not drawn");
    for (const colour of SERIES) {
      const ink = await seriesInk(page, colour);
      assert.ok((ink[0] ?? 0) > 50, `a host drew in ${colour} (${ink[0]} pixels)`);
    }
    // The metric picker switches the graph to another metric of its group.
    await load.locator('select').selectOption('loadavg15');
    await charts(7);
    assert.match((await load.locator('.u-legend').textContent()) ?? '', /blog-web-02/);
  });

  test('dragging in annotate mode opens the form; the annotation is drawn as a band and listed', async () => {
    await page.check('input[name="drag-mode"][value="annotate"]');
    const over = await page.locator('[data-graph="loadavg"] .u-over').boundingBox();
    assert.ok(over);
    const y = over.y + over.height / 2;
    await page.mouse.move(over.x + over.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.6, y, { steps: 5 });
    await page.mouse.move(over.x + over.width * 0.7, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForSelector('form.annotation-form input[name="title"]:focus');
    assert.equal(page.url().includes('from='), false, 'annotate mode does not zoom');
    assert.equal(await page.isChecked('form.annotation-form input[value="web"]'), true, 'the role is preselected');
    assert.equal(await page.isChecked('form.annotation-form input[value="db"]'), false);
    await page.keyboard.type('deploy v42');
    await page.fill('form.annotation-form textarea', 'rolled out by CI');
    await page.click('form.annotation-form button[type="submit"]');
    await page.waitForSelector('[data-graph="loadavg"] .chart-band-label:has-text("deploy v42")');
    // Every graph of the role shows it.
    assert.equal(await page.locator('.chart-band').count(), await page.locator('.graph-card canvas').count());
    const listed = await ui.call(
      'GET',
      `/api/v0/graph-annotations?service=Blog&from=0&to=${Math.ceil(Date.now() / 1000)}`,
    );
    assert.equal(listed.json.graphAnnotations.length, 1);
    const a = listed.json.graphAnnotations[0];
    assert.deepEqual([a.title, a.description, a.roles], ['deploy v42', 'rolled out by CI', ['web']]);
    const span = a.to - a.from;
    // A fifth of the plot's day is about 4.8 hours.
    assert.ok(span > 3 * 3600 && span < 6.5 * 3600, `annotated ${span} s`);
    // The band sits where the drag was, within a few pixels.
    const band = await page.locator('[data-graph="loadavg"] .chart-band').boundingBox();
    assert.ok(band);
    assert.ok(Math.abs(band.x - (over.x + over.width * 0.5)) < 4, `band starts at ${band.x}`);
    // Focus shows the title and description.
    await page.focus('[data-graph="loadavg"] .chart-band-label');
    assert.equal(await page.isVisible('[data-graph="loadavg"] .chart-band-tip:has-text("rolled out by CI")'), true);
    assert.match((await page.textContent('.annotation-list')) ?? '', /deploy v42[\s\S]*roles web/);
    await screenshot(page, 'service-role');
    // The db role does not show an annotation of the web role; the service metrics tab does.
    await page.click('nav.tabs a:text("db (1)")');
    await page.waitForSelector('main h1:text-is("Blog: db")');
    await charts(7);
    assert.equal(await page.locator('.chart-band').count(), 0);
    await page.click('nav.tabs a:text("Service metrics")');
    await page.waitForSelector('[data-graph="access.count.*"] .chart-band-label:has-text("deploy v42")');
  });

  test('an annotation is edited and deleted from the list', async () => {
    await page.click('button[aria-label="Edit deploy v42"]');
    await page.fill('.annotation-list input[name="title"]', 'deploy v43');
    await page.check('.annotation-list input[value="db"]');
    await page.click('.annotation-list button:text("Save")');
    await page.waitForSelector('.chart-band-label:has-text("deploy v43")');
    assert.match((await page.textContent('.annotation-list')) ?? '', /deploy v43[\s\S]*roles web, db/);
    await page.click('button[aria-label="Delete deploy v43"]');
    await page.click('dialog button:text("Delete")');
    await page.waitForSelector('text=None in this range.');
    assert.equal(await page.locator('.chart-band').count(), 0);
    const listed = await ui.call(
      'GET',
      `/api/v0/graph-annotations?service=Blog&from=0&to=${Math.ceil(Date.now() / 1000)}`,
    );
    assert.deepEqual(listed.json.graphAnnotations, []);
  });

  test('the role page fits a phone without scrolling sideways, and nothing broke in the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('nav.tabs a:text("web (2)")');
    await charts(7);
    const wide = await page.evaluate(
      `[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => e.tagName + '.' + e.className).slice(0, 8)`,
    );
    assert.equal(await scrollsSideways(page), false, JSON.stringify(wide));
    assert.deepEqual(problems, []);
  });
});
