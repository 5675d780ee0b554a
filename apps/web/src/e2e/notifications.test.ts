// The channel, notification-group and API-key pages in a real browser against a real server:
// create a webhook channel through the form (pointing at a real HTTP receiver on loopback, which
// then receives a host registration), see that delivery and a failing channel's error in the
// channels' recent deliveries, see it in the default group, build a group with it and a
// service, create an API key as the owner, see it once, revoke it, and check with a plain HTTP
// request that it is refused. The steps share one page and run in order.
// Suspending a channel takes an hour of failed deliveries, too long here: the suspended card's
// view logic is tested in features/channels/channel-view.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type HttpSink, refusedUrl, startHttpSink } from '../../../../packages/notify/src/testing/http-sink.ts';
import {
  browserSkip,
  launchChromium,
  screenshot,
  scrollsSideways,
  signInByKeyboard,
  startUiServer,
  type UiServer,
  waitUntil,
} from '../testing/browser.ts';

const skip = browserSkip();

describe('notification channels, groups and API keys in Chromium', { skip }, () => {
  let ui: UiServer;
  let sink: HttpSink;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let channelId = '';
  let key = '';
  const problems: string[] = [];

  before(async () => {
    // One at a time: a sink started beside a server that failed to start would hold the test open.
    ui = await startUiServer();
    sink = await startHttpSink();
    const service = await ui.call('POST', '/api/v0/services', { body: { name: 'shop', memo: '' } });
    assert.equal(service.status, 200, service.text);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.url });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await ui?.close();
    await sink?.close();
  });

  test('the owner signs in and the navigation offers channels, groups and settings', async () => {
    await page.goto(ui.url);
    await signInByKeyboard(page);
    for (const name of ['Channels', 'Notification groups', 'Settings']) {
      assert.equal(await page.locator(`nav[aria-label="Main"] a:text-is("${name}")`).count(), 1, name);
    }
    assert.equal(await page.getAttribute('nav[aria-label="Main"] a:text-is("Settings")', 'href'), '/settings/api-keys');
  });

  test('the channel form checks in the browser first, then shows the server message', async () => {
    await page.click('nav[aria-label="Main"] a:text-is("Channels")');
    await page.waitForSelector('main h1:text("Notification channels")');
    await page.waitForSelector('text=0 channels.');
    await page.click('button:text("New channel")');
    await page.click('button:text("Create channel")');
    await page.waitForSelector('text=Name is required.');
    assert.ok(await page.isVisible('text=URL is required.'));
    assert.equal(await page.evaluate('document.activeElement?.name'), 'name', 'the first bad field has the focus');
    await page.fill('input[name="name"]', 'pager');
    await page.selectOption('select[name="type"]', 'pagerduty');
    assert.equal(await page.inputValue('input[name="name"]'), 'pager', 'the name survives a change of type');
    await page.fill('input[name="integrationKey"]', 'too-short');
    await page.click('button:text("Create channel")');
    assert.match(
      (await page.textContent('form [role="alert"]', { timeout: 10_000 })) ?? '',
      /"integrationKey" must be 32 letters and digits/,
    );
    assert.equal((await ui.call('GET', '/api/v0/channels')).json.channels.length, 0, 'nothing was created');
    await page.click('form button:text("Cancel")');
  });

  test('a webhook channel made with the form is listed, and delivers to its URL', async () => {
    await page.click('button:text("New channel")');
    await page.selectOption('select[name="type"]', 'webhook');
    await page.fill('input[name="name"]', 'ops webhook');
    await page.fill('input[name="url"]', `${sink.url}/hook`);
    await page.check('input[name="event-hostRegister"]');
    await page.click('button:text("Create channel")');
    await page.waitForSelector('text=Created ops webhook.');
    const card = page.locator('li.channel', { hasText: 'ops webhook' });
    const text = (await card.textContent()) ?? '';
    assert.match(text, /Webhook/);
    assert.ok(text.includes(new URL(sink.url).host), text);
    assert.match(text, /Alerts, Hosts registered/);
    assert.match(text, /Active/);
    const channels = (await ui.call('GET', '/api/v0/channels')).json.channels;
    assert.equal(channels.length, 1);
    channelId = channels[0].id;
    assert.deepEqual(channels[0].events, ['alert', 'hostRegister']);
    assert.equal(channels[0].url, `${sink.url}/hook`);
    // It joined the default group, so a new host reaches it.
    const host = await ui.call('POST', '/api/v0/hosts', { body: { name: 'fresh-01', meta: {} } });
    assert.equal(host.status, 200, host.text);
    const deadline = Date.now() + 20_000;
    while (!sink.requests.some((r) => r.path === '/hook') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const got = sink.requests.find((r) => r.path === '/hook');
    assert.ok(got, 'the sink received the host registration');
    assert.equal(JSON.parse(got.body).event, 'hostRegister');
  });

  test('editing keeps the type and saves the change', async () => {
    await page.click('button[aria-label="Edit ops webhook"]');
    assert.equal(await page.isDisabled('select[name="type"]'), true);
    assert.equal(await page.isChecked('input[name="event-hostRegister"]'), true);
    await page.fill('input[name="name"]', 'ops hook');
    await page.click('button:text-is("Save")');
    await page.waitForSelector('text=Saved ops hook.');
    const channel = (await ui.call('GET', '/api/v0/channels')).json.channels[0];
    assert.equal(channel.name, 'ops hook');
    assert.equal(channel.url, `${sink.url}/hook`);
  });

  test("a channel's recent deliveries show what it was sent, and why a broken channel's deliveries wait", async () => {
    // A second channel whose receiver refuses connections, and a host registration for both.
    const made = await ui.call('POST', '/api/v0/channels', {
      body: { type: 'webhook', name: 'broken hook', url: `${await refusedUrl()}/hook`, events: ['hostRegister'] },
    });
    assert.equal(made.status, 200, made.text);
    const brokenId = made.json.id as string;
    const host = await ui.call('POST', '/api/v0/hosts', { body: { name: 'fresh-02', meta: {} } });
    assert.equal(host.status, 200, host.text);
    const listed = async (id: string) => (await ui.call('GET', `/api/v0/channels/${id}/deliveries`)).json.deliveries;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [ok, broken] = [await listed(channelId), await listed(brokenId)];
      if (ok.length === 2 && ok.every((d: { status: string }) => d.status === 'sent') && broken[0]?.attempts >= 1)
        break;
      assert.ok(Date.now() < deadline, `deliveries not attempted: ${JSON.stringify({ ok, broken })}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    await page.reload();
    await page.waitForSelector('text=2 channels.');
    const toggle = page.locator('button[aria-label="Recent deliveries of ops hook"]');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    const rows = page.locator(`#deliveries-${channelId} tr[data-delivery]`);
    await rows.first().waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.first().textContent()) ?? '', /Host registered[\s\S]*Sent[\s\S]*1/);
    assert.equal(await rows.first().locator(`a[href="/hosts/${host.json.id}"]`).count(), 1, 'the host is a link');
    assert.match(
      (await page.textContent(`#deliveries-${channelId} .deliveries-summary`)) ?? '',
      /The last 2 deliveries: 2 sent, 0 waiting, 0 failed/,
    );

    await page.click('button[aria-label="Recent deliveries of broken hook"]');
    const broken = page.locator(`#deliveries-${brokenId} tr[data-delivery]`);
    await broken.first().waitFor();
    const text = (await broken.first().textContent()) ?? '';
    assert.match(text, /Host registered[\s\S]*Retrying[\s\S]*next try/);
    assert.match(text, /ECONNREFUSED/);
    await screenshot(page, 'channel-deliveries');
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      assert.equal(await scrollsSideways(page), false, 'the open deliveries at phone width');
      await screenshot(page, 'channel-deliveries-phone', true);
      assert.ok(await broken.first().locator('td[data-label="Last error"]').isVisible());
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    await page.click('button[aria-label="Recent deliveries of ops hook"]');
    await page.locator(`#deliveries-${channelId}`).waitFor({ state: 'detached' });
    const gone = await ui.call('DELETE', `/api/v0/channels/${brokenId}`);
    assert.equal(gone.status, 200, gone.text);
  });

  test('deleting a channel asks first; the list shows each type', async () => {
    for (const body of [
      {
        type: 'slack',
        name: 'team chat',
        url: `${sink.url}/slack`,
        mentions: { critical: '<!here>' },
        events: ['alert', 'alertGroup'],
      },
      { type: 'oncall-webhook', name: 'on-call', url: `${sink.url}/oncall`, level: 'critical' },
    ]) {
      const made = await ui.call('POST', '/api/v0/channels', {
        body: { ...body, addToDefaultNotificationGroup: false },
      });
      assert.equal(made.status, 200, made.text);
    }
    await page.reload();
    await page.waitForSelector('text=3 channels.');
    assert.match(
      (await page.textContent('li.channel:has-text("on-call")')) ?? '',
      /On-call webhook[\s\S]*Alerts \(critical only\)/,
    );
    assert.match(
      (await page.textContent('li.channel:has-text("team chat")')) ?? '',
      /Slack[\s\S]*Alerts, Alert groups/,
    );
    await screenshot(page, 'channels');
    await page.click('button[aria-label="Delete on-call…"]');
    await page.waitForSelector('dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });
    assert.equal((await ui.call('GET', '/api/v0/channels')).json.channels.length, 3, 'Escape keeps it');
    await page.click('button[aria-label="Delete on-call…"]');
    await page.click('dialog button:text("Delete channel")');
    await page.waitForSelector('text=Deleted on-call.');
    const names = (await ui.call('GET', '/api/v0/channels')).json.channels.map((c: { name: string }) => c.name);
    assert.deepEqual(names.sort(), ['ops hook', 'team chat']);
  });

  test('the routing tree shows the channel in the default group; a new group names it and a service', async () => {
    await page.click('nav[aria-label="Main"] a:text-is("Notification groups")');
    await page.waitForSelector('main h1:text("Notification groups")');
    const first = page.locator('ul.group-tree.root > li.group-node').first();
    await first.locator('text=Default notification group').waitFor();
    assert.match((await first.textContent()) ?? '', /Channels:\s*ops hook/);
    assert.equal(await first.locator('button:text("Delete…")').count(), 0, 'the default group cannot be deleted');
    await page.click('button:text("New group")');
    await page.fill('form input[name="name"]', 'Shop on-call');
    await page.selectOption('select[name="notificationLevel"]', 'critical');
    await page.check(`input[name="channel"][value="${channelId}"]`);
    await page.check('input[name="service"][value="shop"]');
    await page.click('button:text("Create group")');
    await page.waitForSelector('text=Created Shop on-call.');
    const groups = (await ui.call('GET', '/api/v0/notification-groups')).json.notificationGroups;
    const made = groups.find((g: { name: string }) => g.name === 'Shop on-call');
    assert.ok(made);
    assert.equal(made.notificationLevel, 'critical');
    assert.deepEqual(made.childChannelIds, [channelId]);
    assert.deepEqual(made.services, [{ name: 'shop' }]);
    // Nest it under the default group: it is drawn inside the default group's card list.
    await first.locator('button[aria-label="Edit Default notification group"]').click();
    assert.equal(await page.getAttribute('form input[name="name"]', 'readonly'), '', 'the default keeps its name');
    await page.check(`input[name="child-group"][value="${made.id}"]`);
    await page.click('button:text-is("Save")');
    await page.waitForSelector('text=Saved Default notification group.');
    await page.waitForSelector(`ul.group-tree.root > li.group-node >> ul.group-tree > li[data-group="${made.id}"]`);
    assert.match(
      (await page.textContent(`li[data-group="${made.id}"]`)) ?? '',
      /Critical only[\s\S]*Channels:\s*ops hook[\s\S]*Services:\s*shop/,
    );
    await screenshot(page, 'notification-groups');
    // Deleting asks first, and the parent forgets it.
    await page.click('button[aria-label="Delete Shop on-call…"]');
    await page.click('dialog button:text("Delete group")');
    await page.waitForSelector('text=Deleted Shop on-call.');
    const left = (await ui.call('GET', '/api/v0/notification-groups')).json.notificationGroups;
    assert.equal(left.length, 1);
    assert.deepEqual(left[0].childNotificationGroupIds, []);
  });

  test('an email channel to a user alone is saved, and editing it keeps the user (PUT replaces the whole channel)', async () => {
    const users = (await ui.call('GET', '/api/v0/users')).json.users as Array<{ id: string; email: string }>;
    const owner = users.find((u) => u.email === 'admin@localhost');
    assert.ok(owner, JSON.stringify(users));
    const ownerBox = `input[name="userIds"][value="${owner.id}"]`;
    await page.click('nav[aria-label="Main"] a:text-is("Channels")');
    await page.waitForSelector('main h1:text("Notification channels")');
    await page.waitForSelector('text=2 channels.');
    await page.click('button:text("New channel")');
    await page.selectOption('select[name="type"]', 'email');
    await page.fill('input[name="name"]', 'users mail');
    await page.waitForSelector(ownerBox);
    assert.match((await page.textContent(`label.check:has(${ownerBox})`)) ?? '', /admin@localhost/);
    await page.click('button:text("Create channel")');
    await page.waitForSelector('text=Give at least one address or tick one user.');
    assert.equal(await page.evaluate('document.activeElement?.name'), 'emails', 'the addresses have the focus');
    await page.check(ownerBox);
    await page.uncheck('label.check:has-text("Add to the default notification group") input');
    await page.click('button:text("Create channel")');
    await page.waitForSelector('text=Created users mail.');
    const made = (await ui.call('GET', '/api/v0/channels')).json.channels.find(
      (c: { name: string }) => c.name === 'users mail',
    );
    assert.ok(made);
    assert.deepEqual([made.emails, made.userIds], [[], [owner.id]]);
    const card = page.locator('li.channel', { hasText: 'users mail' });
    await card.locator('text=1 user').waitFor();

    await page.click('button[aria-label="Edit users mail"]');
    await page.waitForSelector(`${ownerBox}:checked`);
    assert.equal(await page.inputValue('textarea[name="emails"]'), '');
    await page.click('button:text-is("Save")');
    await page.waitForSelector('text=Saved users mail.');
    const saved = (await ui.call('GET', `/api/v0/channels`)).json.channels.find(
      (c: { id: string }) => c.id === made.id,
    );
    assert.deepEqual([saved.emails, saved.userIds], [[], [owner.id]], 'the user survived the edit');
    const gone = await ui.call('DELETE', `/api/v0/channels/${made.id}`);
    assert.equal(gone.status, 200, gone.text);
  });

  test('an API key is shown once, works, and is refused once revoked', async () => {
    await page.click('nav[aria-label="Main"] a:text-is("Settings")');
    await page.waitForSelector('main h1:text("API keys")');
    await page.fill('form input[name="name"]', 'ci deploy');
    await page.check('input[name="permission"][value="write"]');
    await page.click('button:text("Create key")');
    const input = page.locator('input.key-value');
    await input.waitFor();
    key = await input.inputValue();
    assert.ok(key.length >= 32, `a key of ${key.length} characters`);
    assert.match((await page.textContent('.new-key')) ?? '', /shown only this once/);
    await page.click('.new-key button:text("Copy")');
    await page.waitForSelector('text=Copied.');
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), key);
    await screenshot(page, 'api-keys');
    const withKey = await ui.call('POST', '/api/v0/services', { key, body: { name: 'from-ci', memo: '' } });
    assert.equal(withKey.status, 200, `a read-write key writes: ${withKey.text}`);
    const row = page.locator('tr', { hasText: 'ci deploy' });
    assert.match((await row.textContent()) ?? '', /Read and write/);
    await page.click('button:text("I have kept it")');
    await page.reload();
    await page.waitForSelector('tr:has-text("ci deploy")');
    assert.equal(await page.locator('input.key-value').count(), 0, 'the key is not shown again');
    assert.equal((await page.content()).includes(key), false, 'nor anywhere in the page');
    await page.click('button[aria-label="Revoke ci deploy…"]');
    await page.waitForSelector('dialog[open]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog', { state: 'detached' });
    assert.equal((await ui.call('GET', '/api/v0/hosts', { key })).status, 200, 'Cancel keeps the key');
    await page.click('button[aria-label="Revoke ci deploy…"]');
    await page.click('dialog button:text("Revoke key")');
    await page.waitForSelector('text=Revoked ci deploy.');
    const refused = await ui.call('GET', '/api/v0/hosts', { key });
    assert.equal(refused.status, 403, refused.text);
  });

  test('the users page lists the owner', async () => {
    await page.click('nav[aria-label="Settings"] a:text-is("Users")');
    await page.waitForSelector('main h1:text("Users")');
    const row = page.locator('tr', { hasText: 'admin@localhost' });
    assert.match((await row.textContent()) ?? '', /owner/);
  });

  test('phone width (390 px): no page scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [path, heading] of [
        ['/channels', 'Notification channels'],
        ['/notification-groups', 'Notification groups'],
        ['/settings/api-keys', 'API keys'],
        ['/settings/users', 'Users'],
      ] as const) {
        await page.goto(`${ui.url}${path}`);
        await page.waitForSelector(`main h1:text("${heading}")`);
        await waitUntil(page, `!document.querySelector('.status-line')?.textContent.startsWith('Loading')`);
        assert.equal(await scrollsSideways(page), false, path);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test('no script error or Content-Security-Policy refusal happened on any page', () => {
    assert.deepEqual(problems, []);
  });
});
