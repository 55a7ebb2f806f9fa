// The widget's `placement` attribute: the affiliate link carries `utm_content=NAME` (or the
// `placement-param` name) after cur_from/cur_to, `ratelink:go` reports it, a bad name is a
// config error shown like the other fatal attributes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, waitForEvent } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="home" feed="/feeds/demo-xml" exchanger="https://exchanger.example" ref="demo123"
  from="BTC" to="SBERRUB" placement="home" target="_self">
  <a href="https://exchanger.example/ref/demo123/">fallback home</a></ratelink-widget>
<div id="side" data-ratelink-widget data-feed="/feeds/demo-xml" data-exchanger="https://exchanger.example"
  data-ref="demo123" data-from="BTC" data-to="SBERRUB" data-placement="side.bar-2" data-placement-param="pl">
  <a href="https://exchanger.example/ref/demo123/">fallback side</a></div>
<ratelink-widget id="bad" feed="/feeds/demo-xml" exchanger="https://exchanger.example" ref="demo123"
  placement="home page!">
  <a id="bad-fallback" href="https://exchanger.example/ref/demo123/">fallback bad</a></ratelink-widget>
</body></html>`;

async function open() {
  const opened = await openPage(browser);
  await opened.context.route(`${BASE}/placement-test.html`, (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: PAGE }));
  await opened.context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  await opened.page.goto(`${BASE}/placement-test.html`);
  return opened;
}

test("a placement tags the go link and the ratelink:go event", async () => {
  const { context, page, problems } = await open();
  try {
    await waitForEvent(page, "ratelink:ready", "home");
    const href = await page.locator('#home [part~="go"]').getAttribute("href");
    assert.equal(href, "https://exchanger.example/ref/demo123/?cur_from=BTC&cur_to=SBERRUB&utm_content=home");
    await waitForEvent(page, "ratelink:ready", "side");
    assert.equal(await page.locator('#side [part~="go"]').getAttribute("href"),
      "https://exchanger.example/ref/demo123/?cur_from=BTC&cur_to=SBERRUB&pl=side.bar-2");
    // A real click: the exchanger opens with the tag, and the event says which placement.
    await Promise.all([
      page.waitForURL(/exchanger\.example/),
      page.locator('#home [part~="go"]').click(),
    ]);
    assert.equal(new URL(page.url()).searchParams.get("utm_content"), "home");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the go event detail carries the placement", async () => {
  const { context, page } = await open();
  try {
    await waitForEvent(page, "ratelink:ready", "side");
    await page.evaluate(() => addEventListener("click", (e) => {
      if (e.composedPath().some((n) => n.getAttribute?.("part")?.includes("go"))) e.preventDefault();
    }));
    await page.locator('#side [part~="go"]').click();
    const [go] = await waitForEvent(page, "ratelink:go", "side");
    assert.equal(go.detail.placement, "side.bar-2");
    assert.equal(go.detail.from, "BTC");
    assert.match(go.detail.href, /&pl=side\.bar-2$/);
  } finally {
    await context.close();
  }
});

test("a bad placement is a config error naming the attribute, with the fallback link shown", async () => {
  const { context, page } = await open();
  try {
    const [err] = await waitForEvent(page, "ratelink:error", "bad");
    assert.equal(err.detail.kind, "config");
    assert.match(err.detail.message, /placement/);
    await page.waitForFunction(() => {
      const el = document.getElementById("bad-fallback");
      return el && el.getBoundingClientRect().height > 0;
    });
    assert.equal(await page.locator('#bad [part~="go"]').count(), 0, "no affiliate link without its tag");
  } finally {
    await context.close();
  }
});
