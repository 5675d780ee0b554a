// The query explorer in a real browser against a real server: labelled series sent over OTLP/JSON,
// the PromQL editor completing a metric name, a label name and a label value from the server, a
// function name, the graph drawn from a range query, the table from an instant query, a parse
// error pointed at in the editor, and the address keeping the query across a reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  browserSkip,
  launchChromium,
  screenshot,
  signInByKeyboard,
  startUiServer,
  type UiServer,
  waitUntil,
} from '../testing/browser.ts';

const skip = browserSkip();

/** An OTLP/JSON request of one gauge, `queue_depth{queue}`, with a point a minute for `minutes` minutes to now. */
function queueDepth(queues: readonly string[], minutes: number) {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const dataPoints = queues.flatMap((queue, q) =>
    Array.from({ length: minutes }, (_, i) => ({
      timeUnixNano: `${now - (minutes - 1 - i) * 60_000}000000`,
      asDouble: 10 * (q + 1) + (i % 5),
      attributes: [{ key: 'queue', value: { stringValue: queue } }],
    })),
  );
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeMetrics: [{ metrics: [{ name: 'queue_depth', gauge: { dataPoints } }] }],
      },
    ],
  };
}

describe('query explorer in Chromium', { skip }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    ui = await startUiServer();
    const sent = await ui.call('POST', '/v1/metrics', { body: queueDepth(['orders', 'mails'], 90) });
    assert.equal(sent.status, 200, sent.text);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    // Every refusal of the Content-Security-Policy, named by directive and element. Chromium's own
    // editing code wraps text typed over a selection in a <span style> before the editor redraws
    // the line; refusing that transient attribute is harmless and is left out.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
      const inEditor = e.target instanceof Element && e.target.closest('.query-editor') !== null;
      if (!(e.violatedDirective === 'style-src-attr' && inEditor)) console.error('CSP refused ' + e.violatedDirective + ' ' + e.blockedURI);
    })`);
    page.on('pageerror', (err) => problems.push(err.message));
    // Chromium's own reports of failed loads (the session check's 403 before signing in, a query's
    // 400) and of CSP refusals (counted above) are left out.
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() === 'error' && !/^(Failed to load resource|Applying inline style violates)/.test(text))
        problems.push(text);
    });
  });
  after(async () => {
    await browser?.close();
    await ui?.close();
  });

  /** The editor's text as the user sees it. */
  const editorText = async () => (await page.locator('.query-editor .cm-content').textContent()) ?? '';

  /** Waits until the editor shows `want` (up to 10 s), failing with what it shows. */
  async function editorTextBecomes(want: string): Promise<void> {
    const end = Date.now() + 10_000;
    for (;;) {
      const text = await editorText();
      if (text === want) return;
      assert.ok(Date.now() < end, `the editor shows ${JSON.stringify(text)}, not ${JSON.stringify(want)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * The labels of the open completion list once `want` holds of them (the list of the previous
   * position may still be open while the server is asked for the next).
   */
  async function completions(want: (labels: string[]) => boolean): Promise<string[]> {
    const end = Date.now() + 10_000;
    for (;;) {
      const labels = await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allInnerTexts();
      if (want(labels)) return labels;
      if (Date.now() > end) throw new Error(`the completion list never matched; it shows ${labels.join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  test('signs in and opens the explorer from the navigation; the editor replaces the plain field', async () => {
    await page.goto(ui.url);
    await signInByKeyboard(page);
    await page.click('nav a:text-is("Explore")');
    await page.waitForSelector('main h1:text("Query explorer")');
    await page.waitForSelector('.query-editor[data-editor="promql"] .cm-content');
    assert.equal(await page.locator('.query-editor textarea').count(), 0);
  });

  test('completes a metric name, then a label name and its values from the server', async () => {
    await page.click('.query-editor .cm-content');
    await page.keyboard.type('queue_d');
    await completions((l) => l.includes('queue_depth'));
    // CodeMirror lets Enter take a completion only once the list has been open 75 ms
    // (interactionDelay), so that a key pressed as it appears does not pick something unseen.
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    await editorTextBecomes('queue_depth');
    await page.keyboard.type('{');
    await page.keyboard.press('Control+Space');
    // service.name is also the job label, as Prometheus's OTLP translation makes it.
    await completions((l) => ['job', 'queue', 'service_name'].every((x) => l.includes(x)));
    await page.keyboard.type('queue="');
    await page.keyboard.press('Control+Space');
    await completions((l) => l.sort().join() === 'mails,orders');
    await page.keyboard.type('orders');
    await page.keyboard.press('Escape');
    await editorTextBecomes('queue_depth{queue="orders"}');
  });

  test('Enter runs the query: the graph draws and the address holds it', async () => {
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.explore-page canvas');
    const url = new URL(page.url());
    assert.equal(url.pathname, '/explore');
    assert.equal(url.searchParams.get('q'), 'queue_depth{queue="orders"}');
    assert.match((await page.locator('.explore-stats').textContent()) ?? '', /^1 result/);
    const shown = (await page.locator('.explore-page').textContent()) ?? '';
    assert.ok(
      shown.includes('queue_depth{job="checkout", queue="orders", service_name="checkout"}'),
      `the legend names the series: ${shown}`,
    );
    await screenshot(page, 'explore');
  });

  test('completes a function name; Format rewrites the expression; the table shows an aggregation', async () => {
    await page.click('.query-editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('sum_ov');
    await completions((l) => l.includes('sum_over_time'));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+A');
    // Typed without spaces (the closing brackets are the editor's), then formatted.
    await page.keyboard.type('sum by(queue)(queue_depth');
    await page.keyboard.press('Escape');
    await page.click('.explore-form button:text-is("Format")');
    // The page hands the formatted text to the editor after its next render.
    await editorTextBecomes('sum by (queue) (queue_depth)');
    await page.click('.explore-tabs button:text-is("Table")');
    await page.click('.explore-form button[type="submit"]');
    // The previous query's result can still be on the page for a frame: wait for a row only this one has.
    await page.waitForSelector(`.explore-table td:text-is('{queue="mails"}')`);
    const rows = await page.locator('.explore-table tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(rows.sort(), ['{queue="mails"}', '{queue="orders"}']);
    assert.equal(new URL(page.url()).searchParams.get('tab'), 'table');
  });

  test('a parse error is shown and marked in the editor; a reload keeps the query', async () => {
    await page.click('.query-editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('queue_depth +');
    await page.keyboard.press('Escape');
    await page.click('.explore-form button[type="submit"]');
    await page.waitForSelector('.explore-error');
    assert.match((await page.locator('.explore-error').textContent()) ?? '', /parse error/);
    // At the end of the text the mark is a point, an element of no size of its own.
    await page.waitForSelector('.query-editor .cm-lintPoint-error', { state: 'attached' });
    await page.reload();
    await page.waitForSelector('.query-editor[data-editor="promql"] .cm-content');
    await editorTextBecomes('queue_depth +');
    await waitUntil(page, `document.querySelector('.explore-error') !== null`);
  });

  test('the page made no script errors', () => {
    assert.deepEqual(problems, []);
  });
});
