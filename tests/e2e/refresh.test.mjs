// End-to-end: the widget's refresh in headless Chromium with the real wasm, time driven by
// Playwright's clock (`page.clock`): the refresh timer, the pause while the tab is hidden
// (`visibilitychange`), back-off after failures and the stale display. The feed is answered by
// the test itself (counting requests, failing on demand); everything else comes from the relay.
// Started by scripts/test-widget-e2e.sh (RATELINK_E2E_BASE = relay URL).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { eventually, launch, openPage, pollUntil } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const REFRESH_S = 30; // the smallest interval the widget accepts
const FEED = "/e2e-refresh/feed.json";

let browser, feedBody;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  const res = await fetch(`${BASE}/feeds/demo-xml`);
  assert.equal(res.status, 200);
  feedBody = await res.text();
  browser = await launch();
});
after(async () => { await browser?.close(); });

/**
 * A page on the relay's origin with one widget refreshing every 30 s from a feed this test
 * answers; the page's clock is Playwright's. `feed.fail = true` makes the feed answer 500.
 * `beforeLoad(context, feed)` runs before the page is opened.
 */
async function refreshPage(beforeLoad) {
  const { context, page, problems } = await openPage(browser);
  const feed = { requests: 0, finished: 0, fail: false };
  await beforeLoad?.(context, feed);
  await context.route(BASE + FEED, (r) => {
    feed.requests += 1;
    return feed.fail
      ? r.fulfill({ status: 500, contentType: "text/plain", body: "upstream exploded" })
      : r.fulfill({ status: 200, contentType: "application/json", body: feedBody });
  });
  page.on("requestfinished", (r) => { if (r.url() === BASE + FEED) feed.finished += 1; });
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>refresh</title><script type="module" src="/ratelink.js"></script></head>
<body><ratelink-widget id="r" feed="${FEED}" refresh="${REFRESH_S}" exchanger="https://exchanger.example"
  ref="demo123" from="BTC" to="SBERRUB"><a href="https://exchanger.example/">exchanger</a></ratelink-widget></body></html>`;
  await context.route(BASE + "/e2e-refresh.html", (r) =>
    r.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await page.clock.install();
  await page.goto(BASE + "/e2e-refresh.html");
  await pollUntil(page, () => window.__rlEvents.some((e) => e.type === "ratelink:ready"), null, "ratelink:ready");
  // From here on the page's time moves only when the test moves it.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 2000);
  return { context, page, problems, feed };
}

/** The freshness line as data: stale marker, "updated" text, last failure, link still shown. */
const freshness = (page) => page.evaluate(() => {
  const root = document.getElementById("r").shadowRoot;
  const fresh = root.querySelector(".rl-fresh");
  return {
    stale: fresh?.getAttribute("data-stale") === "true" && !!root.querySelector(".rl-stale"),
    updated: root.querySelector(".rl-updated")?.textContent ?? null,
    failed: root.querySelector(".rl-refresh-failed")?.textContent ?? null,
    usable: !!root.querySelector('.rl-widget a[part~="go"]:not(.rl-fallback)'),
  };
});

/**
 * Waits (bounded) until the test's feed has answered `n` requests in all and the page has
 * received the last answer whole and handled it (the widget schedules its next fetch from the
 * page's clock then, so the test must not move the clock before).
 */
async function requestsReach(page, feed, n) {
  const deadline = Date.now() + 20000;
  while (feed.requests < n || feed.finished < n) {
    assert.ok(Date.now() < deadline, `expected ${n} feed requests answered, saw ${feed.requests} (${feed.finished} finished)`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
  // A few page tasks (message events: not held by the fake clock), then a margin.
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => new Promise((ok) => {
      const c = new MessageChannel();
      c.port1.onmessage = () => ok();
      c.port2.postMessage(0);
    }));
  }
  await new Promise((ok) => setTimeout(ok, 100));
  assert.equal(feed.requests, n, "no extra request");
}

/** After a quiet moment, the feed has still answered exactly `n` requests (nothing was due). */
async function requestsStay(feed, n) {
  await new Promise((ok) => setTimeout(ok, 300)); // a due fetch starts at once; give it time to arrive
  assert.equal(feed.requests, n);
}

const hideTab = (page, hidden) => page.evaluate((h) => {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
  Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
  document.dispatchEvent(new Event("visibilitychange"));
}, hidden);

const unexpected = (problems) => problems.filter((p) => !/status of 500/.test(p));

test("the first feed request goes out with the app's download, and the app reads that one", async () => {
  // The wasm is held until the feed has been requested: only the loader can ask that early (the
  // app needs the wasm to run). Without the early request the hold runs out after 5 s.
  let heldFor = null;
  const { context, page, problems, feed } = await refreshPage((context, feed) =>
    context.route("**/*.wasm", async (r) => {
      await eventually(() => feed.requests > 0, "the feed request", 5000).catch(() => {});
      heldFor ??= feed.requests;
      await r.continue();
    }));
  assert.equal(heldFor, 1, "the feed was requested while the wasm was held back");
  assert.equal(feed.requests, 1, "the app used the loader's request instead of making its own");
  const shown = await page.evaluate(() => document.getElementById("r").state());
  assert.equal(shown.from, "BTC");
  assert.equal(shown.to, "SBERRUB");
  assert.ok(Number(shown.rate) > 0, "the feed read from that response is shown");
  assert.deepEqual(problems, []);
  await context.close();
});

test("refreshes on its interval, pauses while the tab is hidden, and shows stale data as stale", async () => {
  const { context, page, problems, feed } = await refreshPage();
  assert.equal(feed.requests, 1);
  assert.deepEqual(await freshness(page), { stale: false, updated: "Updated just now", failed: null, usable: true });

  // Not before the interval, once at it.
  await page.clock.runFor(25000);
  await requestsStay(feed, 1);
  await pollUntil(page, () => /\d+ s ago/.test(document.getElementById("r").shadowRoot.querySelector(".rl-updated")?.textContent),
    null, "the age to count up");
  await page.clock.runFor(5000);
  await requestsReach(page, feed, 2);
  await pollUntil(page, () => document.getElementById("r").shadowRoot.querySelector(".rl-updated")?.textContent === "Updated just now",
    null, "the refreshed data");

  // Hidden for more than three intervals: no request, and the data is marked stale.
  await hideTab(page, true);
  await page.clock.runFor(4 * REFRESH_S * 1000 + 10000);
  await pollUntil(page, () => document.getElementById("r").shadowRoot.querySelector('.rl-fresh[data-stale="true"] .rl-stale'),
    null, "the stale marker");
  await requestsStay(feed, 2);
  const stale = await freshness(page);
  assert.equal(stale.stale, true);
  assert.equal(stale.usable, true, "stale data stays usable");
  assert.match(stale.updated, /^Updated 2 min ago$/);

  // Visible again with a refresh due: fetched at once, no longer stale.
  await hideTab(page, false);
  await requestsReach(page, feed, 3);
  await pollUntil(page, () => !document.getElementById("r").shadowRoot.querySelector('.rl-fresh[data-stale="true"]'),
    null, "the stale marker to go");
  assert.deepEqual(await freshness(page), { stale: false, updated: "Updated just now", failed: null, usable: true });

  // Control: hidden again but back before anything is due, it does not fetch.
  await hideTab(page, true);
  await page.clock.runFor(10000);
  await hideTab(page, false);
  await requestsStay(feed, 3);
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("failed refreshes back off (5 s, 10 s, 20 s, with jitter), keep the data, and recover", async () => {
  const { context, page, problems, feed } = await refreshPage();
  feed.fail = true;
  await page.clock.runFor(REFRESH_S * 1000);
  await requestsReach(page, feed, 2);
  await pollUntil(page, () => document.getElementById("r").shadowRoot.querySelector(".rl-refresh-failed"), null, "the failure note");
  const failed = await freshness(page);
  assert.match(failed.failed, /^Last refresh failed: .*500/, failed.failed);
  assert.equal(failed.usable, true, "the last good data stays");

  // Each retry waits twice as long as the one before, within ±25 %: [3.75, 6.25] s, [7.5, 12.5] s, [15, 25] s.
  for (const [quiet, due, n] of [[3500, 3000, 3], [7000, 6000, 4], [14500, 11000, 5]]) {
    await page.clock.runFor(quiet);
    await requestsStay(feed, n - 1);
    await page.clock.runFor(due);
    await requestsReach(page, feed, n);
  }
  // The next retry is [30, 50] s away. 20 s on, more than three intervals have passed since the
  // last success: stale, still usable.
  await page.clock.runFor(20000);
  await requestsStay(feed, 5);
  await pollUntil(page, () => document.getElementById("r").shadowRoot.querySelector('.rl-fresh[data-stale="true"]'),
    null, "the stale marker");
  assert.equal((await freshness(page)).usable, true);

  // The feed comes back: the retry recovers.
  feed.fail = false;
  await page.clock.runFor(30000);
  await requestsReach(page, feed, 6);
  await pollUntil(page, () => !document.getElementById("r").shadowRoot.querySelector(".rl-refresh-failed"), null, "recovery");
  assert.deepEqual(await freshness(page), { stale: false, updated: "Updated just now", failed: null, usable: true });
  // Back on the plain interval: nothing before 30 s.
  await page.clock.runFor(25000);
  await requestsStay(feed, 6);
  await page.clock.runFor(5000);
  await requestsReach(page, feed, 7);
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});
