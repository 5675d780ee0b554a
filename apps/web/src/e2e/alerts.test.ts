// Monitors, alerts and downtimes in a real browser against a real server: a host monitor is made
// through its form (the schema's message shows before anything is sent), an agent posts a value
// over its threshold, the alert appears on the open alerts page and in the navigation's count
// without a reload, gets a memo, is closed with a reason and moves to the closed tab; a downtime
// is created and deleted; the monitor is muted and deleted. The steps share one page and run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  browserSkip,
  launchChromium,
  screenshot,
  scrollsSideways,
  seedAgentHost,
  signInByKeyboard,
  startUiServer,
  type UiServer,
  waitUntil,
} from '../testing/browser.ts';

const skip = browserSkip();

/** The metric the monitor watches: a queue length the agent's plugin would post. */
const METRIC = 'custom.e2e.queue';
/** The alerts page polls every 15 s (app/use-open-alerts.ts). */
const POLL_MS = 15_000;

describe('monitors, alerts and downtimes in Chromium', { skip }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  let hostId: string;
  let monitorId: string;
  let alertId: string;
  const problems: string[] = [];

  async function api(method: string, path: string, body?: unknown) {
    const a = await ui.call(method, path, body === undefined ? {} : { body });
    assert.equal(a.status, 200, `${method} ${path}: ${a.text}`);
    return a.json;
  }

  before(async () => {
    ui = await startUiServer();
    await api('POST', '/api/v0/services', { name: 'shop' });
    await api('POST', '/api/v0/services/shop/roles', { name: 'web' });
    hostId = await seedAgentHost(ui, 'alert-demo-01', 10);
    await api('PUT', `/api/v0/hosts/${hostId}/role-fullnames`, { roleFullnames: ['shop:web'] });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    // The page's timers are Playwright's: the 15 s poll comes when the test says so; time flows otherwise.
    await page.clock.install();
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await ui?.close();
  });

  test('a host monitor is made through its form; the schema names a mistake before anything is sent', async () => {
    await page.goto(ui.url);
    await signInByKeyboard(page);
    await page.click('nav[aria-label="Main"] a:text("Monitors")');
    await page.waitForSelector('main h1:text("Monitors")');
    // Every organization starts with a connectivity monitor (spec features §2.4).
    await page.waitForSelector('#type-connectivity');
    await page.click('a:text("New monitor")');
    await page.waitForSelector('main h1:text("New monitor")');
    assert.equal(await page.inputValue('select[name="type"]'), 'host');
    await page.fill('input[name="name"]', 'Queue too long');
    await page.fill('input[name="metric"]', METRIC);
    await page.fill('input[name="warning"]', 'lots');
    await page.fill('input[name="critical"]', '100');
    await page.check('.check-list label:has-text("shop:web") input');
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v0/monitors')) posts++;
    });
    await page.click('button:text("Create monitor")');
    assert.match((await page.textContent('.problem [role="alert"]')) ?? '', /"warning" must be a number/);
    assert.equal(posts, 0, 'the browser refused the form without asking the server');
    await screenshot(page, 'monitor-form', true);
    await page.fill('input[name="warning"]', '50');
    await page.click('button:text("Create monitor")');
    await page.waitForSelector('main h1:text("Monitors")');
    const row = page.locator('tr', { has: page.locator('a.monitor-link:text("Queue too long")') });
    await row.waitFor();
    assert.equal(posts, 1);
    assert.match((await row.textContent()) ?? '', /custom\.e2e\.queue on shop:web/);
    assert.match((await row.textContent()) ?? '', /warning > 50, critical > 100/);
    const monitors = (await api('GET', '/api/v0/monitors')).monitors as Array<Record<string, unknown>>;
    const made = monitors.find((m) => m.name === 'Queue too long');
    assert.ok(made);
    assert.deepEqual(
      { metric: made.metric, warning: made.warning, critical: made.critical, scopes: made.scopes },
      { metric: METRIC, warning: 50, critical: 100, scopes: ['shop:web'] },
    );
    monitorId = made.id as string;
  });

  test('a value over the threshold opens an alert that appears without a reload, with the count in the navigation', async () => {
    await page.click('nav[aria-label="Main"] a:has-text("Alerts")');
    await page.waitForSelector('text=No open alerts');
    assert.equal(await page.locator('.nav-count').count(), 0);
    // A reload would lose this mark.
    await page.evaluate('window.sabaNoReload = true');
    const now = Math.floor(Date.now() / 1000);
    await api('POST', '/api/v0/tsdb', [{ hostId, name: METRIC, time: now, value: 180 }]);
    let alerts: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 100 && alerts.length === 0; i++) {
      alerts = (await api('GET', '/api/v0/alerts')).alerts;
      if (alerts.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(alerts.length, 1, 'the server opened the alert');
    alertId = alerts[0]?.id as string;
    await page.clock.fastForward(POLL_MS);
    const row = page.locator(`tr[data-alert="${alertId}"]`);
    await row.waitFor({ timeout: 10_000 });
    // Monitor and host names come with their own requests, a moment after the alert.
    await row.locator('a.alert-link:text("Queue too long")').waitFor();
    await row.locator('a:text("alert-demo-01")').waitFor();
    const text = (await row.textContent()) ?? '';
    for (const want of ['CRITICAL', 'Queue too long', 'alert-demo-01', '180']) {
      assert.ok(text.includes(want), `the row shows ${want}: ${text}`);
    }
    assert.equal(await page.evaluate('window.sabaNoReload'), true, 'the page was not reloaded');
    assert.match((await page.textContent('.status-line')) ?? '', /1 open alert\. 1 new\./);
    assert.equal(await page.textContent('.nav-count'), '1 open');
    await screenshot(page, 'alerts');
    // The count is in the navigation of every page.
    await page.click('nav[aria-label="Main"] a:text("Hosts")');
    await page.waitForSelector('main h1:text("Hosts")');
    assert.equal(await page.getAttribute('.nav-count', 'data-count'), '1');
  });

  test('the alert page takes a memo, insists on a reason, and closes the alert', async () => {
    await page.click('nav[aria-label="Main"] a:has-text("Alerts")');
    await page.click(`tr[data-alert="${alertId}"] a.alert-link`);
    await page.waitForSelector('main h1:text("Queue too long")');
    assert.match((await page.textContent('.facts')) ?? '', /CRITICAL[\s\S]*alert-demo-01[\s\S]*180/);
    assert.equal(await page.getAttribute('.facts a.host-link', 'href'), `/hosts/${hostId}`);
    assert.match((await page.textContent('.alert-log')) ?? '', /CRITICAL[\s\S]*monitoring/);
    await page.fill('textarea[name="memo"]', 'Consumer stuck; restarting it.');
    await page.click('button:text("Save memo")');
    await page.waitForSelector('text=Saved.');
    assert.equal((await api('GET', `/api/v0/alerts/${alertId}`)).memo, 'Consumer stuck; restarting it.');
    await page.click('button:text("Close alert")');
    assert.match((await page.textContent('.close-form [role="alert"]')) ?? '', /reason is required/);
    assert.equal((await api('GET', `/api/v0/alerts/${alertId}`)).status, 'CRITICAL', 'nothing was sent');
    await page.fill('textarea[name="reason"]', 'Restarted the consumer');
    await page.click('button:text("Close alert")');
    await page.waitForSelector('.facts .badge.closed');
    const closed = await api('GET', `/api/v0/alerts/${alertId}`);
    assert.equal(closed.reason, 'Restarted the consumer');
    assert.equal(typeof closed.closedAt, 'number');
    assert.match((await page.textContent('.facts')) ?? '', /Restarted the consumer/);
    // The close refreshed the live list: the count is gone at once.
    await waitUntil(page, `document.querySelector('.nav-count') === null`);
    await page.click('nav[aria-label="Main"] a:has-text("Alerts")');
    await page.waitForSelector('text=No open alerts');
    await page.click('.tabs a:text("Closed")');
    assert.match(page.url(), /tab=closed/);
    const row = page.locator(`tr[data-alert="${alertId}"]`);
    await row.locator('a.alert-link:text("Queue too long")').waitFor();
    assert.match((await row.textContent()) ?? '', /closed[\s\S]*Queue too long[\s\S]*Restarted the consumer/);
  });

  test('a downtime is created for the monitor and deleted after a confirmation', async () => {
    await page.click('nav[aria-label="Main"] a:text("Downtimes")');
    await page.waitForSelector('text=0 downtimes.');
    await page.click('button:text("New downtime")');
    await page.click('button:text("Create downtime")');
    assert.match((await page.textContent('.downtime-form [role="alert"]')) ?? '', /"name" is required/);
    await page.fill('input[name="name"]', 'Weekly deploy');
    await page.fill('input[name="start"]', '2030-01-07T09:00');
    await page.fill('input[name="duration"]', '90');
    await page.selectOption('select[name="recurrence"]', 'weekly');
    await page.check('.check-list:has(legend:text("On")) label:has-text("Monday") input');
    await page.click('summary:has-text("Scopes")');
    await page.check('.check-list:has(legend:text("Only these monitors")) label:has-text("Queue too long") input');
    await page.click('button:text("Create downtime")');
    const row = page.locator('tr', { has: page.locator('th:text("Weekly deploy")') });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /2030-01-07 09:00 for 1 h 30 min, every week on Monday/);
    assert.match((await row.textContent()) ?? '', /monitors Queue too long/);
    const list = (await api('GET', '/api/v0/downtimes')).downtimes as Array<Record<string, unknown>>;
    assert.equal(list.length, 1);
    assert.deepEqual(list[0]?.monitorScopes, [monitorId]);
    assert.deepEqual(list[0]?.recurrence, { type: 'weekly', interval: 1, weekdays: ['Monday'] });
    await row.locator('button:text("Delete")').click();
    await page.waitForSelector('dialog[open]');
    await page.click('dialog button:text("Delete downtime")');
    await page.waitForSelector('text=0 downtimes. Deleted Weekly deploy.');
    assert.deepEqual((await api('GET', '/api/v0/downtimes')).downtimes, []);
  });

  test('the monitor is muted through its edit form, then deleted after a confirmation', async () => {
    await page.click('nav[aria-label="Main"] a:text("Monitors")');
    await page.click('a.monitor-link:text("Queue too long")');
    await page.waitForSelector('main h1:text("Edit Queue too long")');
    assert.equal(await page.isDisabled('input[name="metric"]'), true, 'a host monitor keeps its metric');
    assert.equal(await page.inputValue('input[name="critical"]'), '100');
    await page.check('input[name="isMute"]');
    await page.click('button:text("Save monitor")');
    const row = page.locator('tr', { has: page.locator('a.monitor-link:text("Queue too long")') });
    await row.locator('.muted-chip').waitFor();
    assert.equal((await api('GET', `/api/v0/monitors/${monitorId}`)).monitor.isMute, true);
    await row.locator('button:text("Delete")').click();
    await page.click('dialog button:text("Delete monitor")');
    await page.waitForSelector('text=Deleted Queue too long.');
    assert.equal((await ui.call('GET', `/api/v0/monitors/${monitorId}`)).status, 404);
  });

  test('the pages fit a phone without sideways scrolling, and nothing broke the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/alerts?tab=closed', `/alerts/${alertId}`, '/monitors/new', '/downtimes']) {
      await page.goto(`${ui.url}${path}`);
      await page.waitForSelector('main h1');
      await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
      assert.equal(await scrollsSideways(page), false, `${path} fits 390 px`);
    }
    assert.deepEqual(problems, []);
  });
});
