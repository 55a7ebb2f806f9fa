// End-to-end: widgets whose `feed` is an exchanger's raw export (XML v1.0, TXT) served same-origin
// by `ratelink-relay demo` (www/demo/raw/), read through the lazily loaded parser bundle
// (crates/parse-wasm); and the demo page over the relay's normalized feeds never loads it.
// Started by scripts/test-widget-e2e.sh (RATELINK_E2E_BASE = relay URL).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, openPage, waitForEvent } from "./lib/browser.mjs";
import { mulDivDown, fromEnglish } from "./lib/decimal.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const RAW = new URL("../../www/demo/raw/", import.meta.url);
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const PARSER = /\/ratelink-parse[._]/;

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

const q = (host, sel) => `#${host} ${sel}`;

/** One `<item>` of an XML v1.0 feed, as field name -> text. */
function xmlItem(xml, from, to) {
  for (const [, body] of xml.matchAll(/<item>([\s\S]*?)<\/item>/g)) {
    const f = Object.fromEntries([...body.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((m) => [m[1], m[2]]));
    if (f.from === from && f.to === to) return f;
  }
  throw new Error(`${from}->${to} not in the fixture`);
}

/**
 * A partner page on the relay's origin (answered by the test; everything else comes from the
 * relay), with the strict CSP. Records every request URL.
 */
async function rawPage(widgets, routes = {}) {
  const opened = await openPage(browser);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>raw feeds</title><script type="module" src="/ratelink.js"></script></head>
<body>${widgets}</body></html>`;
  await opened.context.route(BASE + "/raw-test.html", (r) =>
    r.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  for (const [path, body] of Object.entries(routes)) {
    await opened.context.route(BASE + path, (r) => r.fulfill({ status: 200, ...body }));
  }
  const requests = [];
  opened.page.on("request", (r) => requests.push(r.url()));
  await opened.page.goto(BASE + "/raw-test.html");
  return { ...opened, requests };
}

const widget = (id, feed, extra = "") => `<ratelink-widget id="${id}" feed="${feed}"
  exchanger="https://exchanger.example" ref="raw42" ${extra}><a href="https://exchanger.example/">exchanger</a></ratelink-widget>`;

test("a raw XML v1.0 export renders: received amount and link; the parser loads once per page", async () => {
  const xml = await readFile(new URL("premium.xml", RAW), "utf8");
  const d = xmlItem(xml, "BTC", "SBERRUB");
  const { page, problems, context, requests } = await rawPage(
    widget("x", "/demo/raw/premium.xml", 'from="BTC" to="SBERRUB"') +
    widget("t", "/demo/raw/rates.txt", 'from="ETH" to="SBERRUB"'));
  const ready = await waitForEvent(page, "ratelink:ready", "x");
  assert.equal(ready[0].detail.directions, 3, "every item of the XML export");
  await waitForEvent(page, "ratelink:ready", "t");

  const give = page.locator(q("x", 'input[part~="amount-give"]'));
  await give.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("0.5");
  const expected = mulDivDown("0.5", d.out, d.in, 2); // RUB: 2 decimals, cut down
  const got = page.locator(q("x", 'input[part~="amount-get"]'));
  await page.waitForFunction(([want]) => {
    const el = document.getElementById("x").shadowRoot.querySelector('input[part~="amount-get"]');
    return el && el.value.replace(/[,\s\u00a0]/g, "") === want;
  }, [expected], { timeout: 10000 }).catch(() => {});
  assert.equal(fromEnglish(await got.inputValue()), expected, `0.5 BTC at ${d.in}:${d.out}`);
  assert.equal(await page.locator(q("x", 'a[part~="go"]')).getAttribute("href"),
    "https://exchanger.example/ref/raw42/?cur_from=BTC&cur_to=SBERRUB");
  assert.equal(await page.locator(q("t", 'a[part~="go"]')).getAttribute("href"),
    "https://exchanger.example/ref/raw42/?cur_from=ETH&cur_to=SBERRUB");
  assert.equal(await page.locator("#x > a").isVisible(), false, "fallback hidden once ready");

  // Two raw feeds, one parser download: its glue and its wasm, once each.
  const parserFiles = requests.filter((u) => PARSER.test(u));
  assert.equal(parserFiles.filter((u) => u.endsWith(".js")).length, 1, parserFiles.join("\n"));
  assert.equal(parserFiles.filter((u) => u.endsWith(".wasm")).length, 1, parserFiles.join("\n"));
  assert.deepEqual(problems, []);
  await context.close();
});

test("raw bodies that are no rates give readable parse and maintenance states", async () => {
  const { page, context } = await rawPage(
    widget("h", "/demo/raw/captcha") + widget("m", "/demo/raw/maintenance.xml"), {
      "/demo/raw/captcha": { contentType: "text/html",
        body: "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>checking</body></html>" },
      "/demo/raw/maintenance.xml": { contentType: "application/xml",
        body: '<?xml version="1.0"?><error>Technical maintenance until 05:00</error>' },
    });
  const [h] = await waitForEvent(page, "ratelink:error", "h");
  assert.equal(h.detail.kind, "parse");
  assert.match(h.detail.message, /Just a moment/, "the full reader names the HTML page it got");
  const [m] = await waitForEvent(page, "ratelink:error", "m");
  assert.equal(m.detail.kind, "maintenance");
  assert.equal(await page.locator("#h > a").isVisible(), true, "fallback link offered");
  await context.close();
});

test("the demo page over the relay's normalized feeds never requests the parser bundle", async () => {
  const opened = await openPage(browser);
  const { page, context, problems } = opened;
  await context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "exchanger" }));
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(BASE + "/");
  const ids = ["w-default", "w-compact", "w-dark", "w-ru", "w-allow"];
  for (const id of ids) {
    await page.locator("#" + id).scrollIntoViewIfNeeded();
    await waitForEvent(page, "ratelink:ready", id);
  }
  await page.locator("#w-broken").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:error", "w-broken");
  assert.ok(requests.some((u) => /\/ratelink_bg\.[0-9a-f]+\.wasm$/.test(u)), "the widget itself loaded");
  assert.ok(requests.some((u) => u.includes("/feeds/demo-xml")), "normalized feeds fetched");
  assert.deepEqual(requests.filter((u) => PARSER.test(u)), [], "no parser bundle for normalized feeds");
  assert.deepEqual(problems.filter((p) => !p.includes("/feeds/demo-broken")), []);
  await context.close();
});
