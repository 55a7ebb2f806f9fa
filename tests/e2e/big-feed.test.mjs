// End-to-end: a 5,000-direction feed (bench/gen-feed.mjs) in the real wasm widget, headless
// Chromium: the picker's list is windowed (first page at once, more as the visitor scrolls),
// the keyboard still reaches every option, options carry aria-setsize/aria-posinset, and the
// search finds currencies by code and name. Started by scripts/test-widget-e2e.sh.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, waitForEvent } from "./lib/browser.mjs";
import { generateFeed } from "../../bench/gen-feed.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
// The generator's `names` repeat the codes; two real names to search by.
const FEED = JSON.stringify((() => {
  const feed = generateFeed(5000);
  feed.names.XMR = { ...feed.names.XMR, en: "Monero", ru: "Монеро" };
  feed.names.SBERRUB = { ...feed.names.SBERRUB, en: "Sberbank", ru: "Сбербанк" };
  return feed;
})());
const PAGE = 15; // state::PAGE

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** A page on the relay's origin with one widget over the big feed (answered by the test). */
async function bigPage(viewport) {
  const opened = await openPage(browser, viewport ? { viewport } : {});
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>big feed</title>
<script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="big" feed="/feeds/big-test" exchanger="https://exchanger.example" ref="big1"
  from="BTC" to="SBERRUB"><a href="https://exchanger.example/">exchanger</a></ratelink-widget></body></html>`;
  await opened.context.route(BASE + "/big-test.html", (r) =>
    r.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await opened.context.route(BASE + "/feeds/big-test", (r) =>
    r.fulfill({ status: 200, contentType: "application/json", body: FEED }));
  await opened.page.goto(BASE + "/big-test.html");
  await waitForEvent(opened.page, "ratelink:ready", "big");
  return opened;
}

const option = '#big [part~="give"] [role="option"]';
const input = '#big [part~="give"] input[role="combobox"]';

/** posinset/setsize of every rendered give option, in order. */
const positions = (page) => page.locator(option).evaluateAll((els) =>
  els.map((e) => [Number(e.getAttribute("aria-posinset")), Number(e.getAttribute("aria-setsize"))]));

for (const [name, viewport] of [["desktop", null], ["360 px", { width: 360, height: 740 }]]) {
  test(`${name}: the open list shows the first page, the rest as the visitor scrolls`, async () => {
    const { context, page, problems } = await bigPage(viewport);
    await page.locator(input).click();
    await page.waitForFunction((sel) => document.getElementById("big").shadowRoot
      .querySelector(sel.replace("#big ", "")) !== null, option);
    let pos = await positions(page);
    const total = pos[0][1];
    assert.ok(total > PAGE, `more currencies (${total}) than one page`);
    assert.ok(pos.length < total && pos.length <= 2 * PAGE, `windowed: ${pos.length} of ${total} rendered`);
    assert.deepEqual(pos.map((p) => p[0]), pos.map((_, i) => i + 1), "posinset counts 1..n");
    assert.ok(pos.every((p) => p[1] === total), "every option carries the full set size");

    // Scroll the listbox to its end, as a visitor does, until nothing more appears.
    const list = page.locator('#big [part~="give"] [role="listbox"]');
    for (let round = 0; round < 20 && pos.length < total; round++) {
      const before = pos.length;
      await list.hover();
      await page.mouse.wheel(0, 5000);
      await page.waitForFunction(([sel, n]) => document.getElementById("big").shadowRoot
        .querySelectorAll(sel).length > n, ['[part~="give"] [role="option"]', before]);
      pos = await positions(page);
    }
    assert.equal(pos.length, total, "scrolling reaches every option");
    assert.equal(pos.at(-1)[0], total);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the keyboard reaches every option of the windowed list; search by code and name", async () => {
  const { context, page, problems } = await bigPage();
  await page.locator(input).focus();
  await page.keyboard.press("ArrowDown");
  const active = async () => {
    const id = await page.locator(input).getAttribute("aria-activedescendant");
    const opt = page.locator(`#big [id="${id}"]`);
    return { pos: Number(await opt.getAttribute("aria-posinset")), size: Number(await opt.getAttribute("aria-setsize")),
      code: await opt.getAttribute("data-code") };
  };
  await page.keyboard.press("End");
  let a = await active();
  assert.equal(a.pos, a.size, "End highlights the last option, rendered on demand");
  await page.keyboard.press("Home");
  assert.equal((await active()).pos, 1);
  for (let i = 0; i < PAGE + 2; i++) await page.keyboard.press("ArrowDown");
  assert.equal((await active()).pos, PAGE + 3, "ArrowDown walks past the first page");

  // Search: a code prefix, then a name (case-insensitive), each listing the match first.
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("sber");
  await page.waitForFunction(() => document.getElementById("big").shadowRoot
    .querySelector('[part~="give"] [role="option"]')?.getAttribute("data-code") === "SBERRUB");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("Monero");
  await page.waitForFunction(() => document.getElementById("big").shadowRoot
    .querySelector('[part~="give"] [role="option"]')?.getAttribute("data-code") === "XMR");
  a = await active();
  assert.equal(a.code, "XMR");
  await page.keyboard.press("Enter");
  await page.waitForFunction((sel) => document.getElementById("big").shadowRoot
    .querySelector(sel).value === "XMR", '[part~="give"] input[role="combobox"]');
  assert.deepEqual(problems, []);
  await context.close();
});
