// Issue 7's first proof, literally: a host registered by the agent appears in the UI and its
// graphs draw. The server runs its own saba-agent for this machine (as `npm start` does), with
// one-second minutes so that a few dozen points arrive within the test.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  browserSkip,
  launchChromium,
  seriesInk,
  signInByKeyboard,
  startUiServer,
  type UiServer,
  waitUntil,
} from '../testing/browser.ts';

const skip = browserSkip();
/** --series-0 of the light theme: the first series of every chart is drawn in it. */
const FIRST_SERIES = '#1f77b4';

describe('a host the agent registered, in Chromium', { skip }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    ui = await startUiServer({ SABA_NO_AGENT: '0', SABA_AGENT_MINUTE_MS: '1000' });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
  });
  after(async () => {
    await browser?.close();
    await ui?.close();
  });

  test('the agent registers this machine; its host appears in the list and its graphs draw', async () => {
    await page.goto(ui.url);
    await signInByKeyboard(page);
    // The agent registers within seconds of the server's start; the list is read again on reload.
    const name = hostname();
    const link = `a.host-link:text-is("${name}")`;
    const end = Date.now() + 60_000;
    while ((await page.locator(link).count()) === 0) {
      assert.ok(Date.now() < end, `the host ${name} did not appear in 60 s`);
      await new Promise((r) => setTimeout(r, 1_000));
      await page.reload();
      await page.waitForSelector('main h1:text("Hosts")');
    }
    await page.click(link);
    await page.waitForSelector(`main h1:text-is("${name}")`);
    // Its spec comes from the agent's own reading of this machine.
    assert.match((await page.textContent('main')) ?? '', /Kernel/);

    // The agent's minutes are a second long: look at the last two minutes, where its points are.
    const path = new URL(page.url()).pathname;
    const end2 = Date.now() + 60_000;
    for (;;) {
      const now = Math.floor(Date.now() / 1000);
      await page.goto(`${ui.url}${path}?from=${now - 120}&to=${now}`);
      await waitUntil(page, `document.querySelectorAll('.graph-card canvas').length >= 3`, 30_000);
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      const ink = await seriesInk(page, FIRST_SERIES);
      const titles = await page.locator('.graph-card h3, .graph-card h2').allTextContents();
      if (ink.filter((n) => n > 20).length >= 3) {
        assert.ok(
          titles.some((t) => /load/i.test(t)),
          `a load average graph is among ${titles.join(', ')}`,
        );
        break;
      }
      assert.ok(Date.now() < end2, `the graphs did not draw: ink ${ink.join(', ')} in ${titles.join(', ')}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    assert.deepEqual(problems, []);
  });
});
