// End-to-end: a feed URL that answers more than the widget reads (64 MiB) gets a readable
// error, not an exhausted page; the same feed at its real size loads. The feeds are answered by
// the test itself; the page's other files come from the relay (RATELINK_E2E_BASE, see
// scripts/test-widget-e2e.sh).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, waitForEvent } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const MIB = 1 << 20;

let browser, small, huge;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  const res = await fetch(`${BASE}/feeds/demo-xml`);
  assert.equal(res.status, 200);
  small = Buffer.from(await res.text());
  // Valid JSON all the way: only its size is wrong (the document padded with spaces).
  huge = Buffer.alloc(65 * MIB, 0x20);
  small.copy(huge, 0, 0, small.length - 1);
  huge.write("}", huge.length - 1);
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** A page on the relay's origin with one widget reading `body` as its feed. */
async function widgetPage(body) {
  const { context, page, problems } = await openPage(browser);
  await context.route(BASE + "/e2e-limits/feed.json", (r) =>
    r.fulfill({ status: 200, contentType: "application/json", body }));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>limits</title>
<script type="module" src="/ratelink.js"></script></head>
<body><ratelink-widget id="w" feed="/e2e-limits/feed.json" exchanger="https://exchanger.example"
  ref="demo123" from="BTC" to="SBERRUB"><a href="https://exchanger.example/">exchanger</a></ratelink-widget></body></html>`;
  await context.route(BASE + "/e2e-limits.html", (r) =>
    r.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await page.goto(BASE + "/e2e-limits.html");
  return { context, page, problems };
}

test("a feed over 64 MiB is refused with a readable error; the same feed at its real size loads", async () => {
  const big = await widgetPage(huge);
  const [err] = await waitForEvent(big.page, "ratelink:error", "w", 120000);
  assert.equal(err.detail.kind, "network", JSON.stringify(err.detail));
  assert.match(err.detail.message, /feed\.json.*larger than 64 MiB/, err.detail.message);
  const shown = await big.page.evaluate(() =>
    document.getElementById("w").shadowRoot.querySelector(".rl-error")?.textContent ?? "");
  assert.ok(shown.length > 0, "the error state is shown");
  assert.equal(await big.page.locator("#w > a").isVisible(), true, "light-DOM fallback link visible");
  await big.context.close();

  const ok = await widgetPage(small);
  await waitForEvent(ok.page, "ratelink:ready", "w");
  await ok.context.close();
});
