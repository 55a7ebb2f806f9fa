// Compare layout (issue 17): a widget with layout="compare" over a relay's /compare document
// (tests/e2e/fixtures/compare.json: the three demo feeds www/demo/feeds/compare/*.xml as the
// relay serves them, plus an exchanger the relay has no data for). The visitor types amounts that
// reorder the offers (alpha is best for small amounts but its maximum is 0.1 BTC; beta's fixed
// 3,000 RUB fee penalises small amounts and its minimum is 0.01 BTC), sees the greyed offers with
// their reasons, and follows the top offer to that exchanger with its own ref code. Desktop and
// 360 px. The document is answered by the test (no relay /compare needed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage, waitForEvent } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const SHOTS = process.env.RATELINK_E2E_SHOTS;
const DOC = readFileSync(new URL("./fixtures/compare.json", import.meta.url), "utf8");

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>compare</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 8px; }</style>
<script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="cmp" layout="compare" feed="/compare?feeds=alpha,beta,gamma,delta"
  from="BTC" to="SBERRUB" amount="0.05" target="_self">
  <a href="https://alpha.example/">exchangers</a></ratelink-widget>
</body></html>`;

async function open(viewport) {
  const opened = await openPage(browser, viewport ? { viewport } : {});
  const { context, page } = opened;
  await context.route(`${BASE}/compare-test.html`, (r) =>
    r.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: PAGE }));
  await context.route((url) => url.pathname === "/compare", (r) =>
    r.fulfill({ status: 200, contentType: "application/json", body: DOC, headers: { etag: '"cmp1"' } }));
  await context.route(/^https:\/\/[a-z]+\.example\//, (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  await page.goto(`${BASE}/compare-test.html`);
  await waitForEvent(page, "ratelink:ready", "cmp");
  return opened;
}

/** [exchanger, fits, reason] of each offer row, in the order shown. */
const rows = (page) => page.locator('#cmp [part~="offer"]').evaluateAll((els) => els.map((e) => [
  e.querySelector('[part~="offer-exchanger"]').textContent,
  e.getAttribute("data-fits") === "true",
  e.querySelector(".rl-offer-reason")?.textContent ?? "",
]));

/** Types `text` into the amount field as a person does: select what is there, type over it. */
async function typeAmount(page, text) {
  const field = page.locator('#cmp [part~="amount-give"]');
  await field.click();
  await field.press("ControlOrMeta+a");
  await field.pressSequentially(text);
}

/** Waits until the offers are in `order` (names), then returns the rows. */
async function waitForOrder(page, order) {
  await page.waitForFunction((want) => {
    const root = document.getElementById("cmp").shadowRoot;
    const got = [...root.querySelectorAll('[part~="offer-exchanger"]')].map((e) => e.textContent);
    return JSON.stringify(got) === JSON.stringify(want);
  }, order, { timeout: 10000 }).catch(async () => {
    assert.fail(`offers ${JSON.stringify(await rows(page))}, wanted order ${JSON.stringify(order)}`);
  });
  return rows(page);
}

for (const [name, viewport] of [["desktop", null], ["360 px", { width: 360, height: 740 }]]) {
  test(`${name}: typed amounts reorder the offers; the ones that cannot take it follow, greyed, with the reason`, async () => {
    const { context, page, problems } = await open(viewport);
    try {
      const list = page.locator('#cmp [role="list"]').first();
      assert.equal(await list.getAttribute("aria-label"), "Offers");
      // 0.05 BTC: alpha's rate wins; beta's fixed fee puts it last.
      let r = await waitForOrder(page, ["Alpha Exchange", "Gamma Cash", "Beta Swap"]);
      assert.ok(r.every(([, fits]) => fits), JSON.stringify(r));
      assert.equal(await page.locator('#cmp [part~="offer-receive"]').first().textContent(), "290,000.00 SBERRUB");

      // 1 BTC is above alpha's 0.1 maximum: beta leads (5,790,000 - 3,000), alpha greyed last.
      await typeAmount(page, "1");
      r = await waitForOrder(page, ["Beta Swap", "Gamma Cash", "Alpha Exchange"]);
      assert.deepEqual(r.map(([, fits]) => fits), [true, true, false]);
      assert.match(r[2][2], /maximum 0\.1 BTC/);
      assert.equal(await page.locator('#cmp [part~="offer-receive"]').first().textContent(), "5,787,000.00 SBERRUB");

      // 10 BTC: only gamma takes it; alpha (above max and reserve) and beta (above max) follow.
      await typeAmount(page, "10");
      r = await waitForOrder(page, ["Gamma Cash", "Alpha Exchange", "Beta Swap"]);
      assert.deepEqual(r.map(([, fits]) => fits), [true, false, false]);
      assert.match(r[1][2], /maximum 0\.1 BTC/);
      assert.match(r[1][2], /reserve/i);
      assert.match(r[2][2], /maximum 5 BTC/);

      // 0.005 BTC is below beta's 0.01 minimum.
      await typeAmount(page, "0.005");
      r = await waitForOrder(page, ["Alpha Exchange", "Gamma Cash", "Beta Swap"]);
      assert.deepEqual(r.map(([, fits]) => fits), [true, true, false]);
      assert.match(r[2][2], /minimum 0\.01 BTC/);

      // The exchanger the relay has no data for is listed as unavailable, not as an offer.
      const off = page.locator("#cmp .rl-unavailable li");
      assert.equal(await off.count(), 1);
      assert.match(await off.textContent(), /Delta Change.*Unavailable: delta\.example did not answer/);

      // The live region sums up the best offer once typing rests.
      await page.waitForFunction(() => document.getElementById("cmp").shadowRoot
        .querySelector('[part="status"]').textContent === "Best offer: Alpha Exchange — 29,000.00 SBERRUB");

      // Nothing overflows the widget at this width.
      const overflow = await page.evaluate(() => {
        const root = document.getElementById("cmp").shadowRoot.querySelector(".rl-root");
        return [root.scrollWidth, root.clientWidth];
      });
      assert.ok(overflow[0] <= overflow[1] + 1, `content ${overflow[0]} px in ${overflow[1]} px`);
      if (SHOTS) await page.locator("#cmp").screenshot({ path: `${SHOTS}/compare-${name.replace(/\W+/g, "")}.png` });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test(`${name}: the top offer's link goes to that exchanger with its own ref code; ratelink:go names it`, async () => {
    const { context, page, problems } = await open(viewport);
    try {
      const gos = [];
      await page.exposeFunction("__seenGo", (detail) => gos.push(detail));
      await page.evaluate(() => document.addEventListener("ratelink:go", (e) => window.__seenGo(e.detail)));
      await typeAmount(page, "1");
      await waitForOrder(page, ["Beta Swap", "Gamma Cash", "Alpha Exchange"]);
      // Every offer links to its own exchanger with its own ref code.
      const hrefs = await page.locator('#cmp [part~="offer-go"]').evaluateAll((els) => els.map((a) => a.getAttribute("href")));
      assert.deepEqual(hrefs, [
        "https://beta.example/ref/BETA77/?cur_from=BTC&cur_to=SBERRUB",
        "https://gamma.example/ref/G-9/?cur_from=BTC&cur_to=SBERRUB",
        "https://alpha.example/ref/A1B2/?cur_from=BTC&cur_to=SBERRUB",
      ]);
      await Promise.all([
        page.waitForURL(/beta\.example/),
        page.locator('#cmp [part~="offer-go"]').first().click(),
      ]);
      assert.equal(page.url(), "https://beta.example/ref/BETA77/?cur_from=BTC&cur_to=SBERRUB");
      await new Promise((ok) => setTimeout(ok, 200));
      assert.deepEqual(gos, [{ href: "https://beta.example/ref/BETA77/?cur_from=BTC&cur_to=SBERRUB",
        from: "BTC", to: "SBERRUB", placement: null, exchanger: "beta" }]);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test("keyboard: Tab from the amount reaches the offers' links in ranking order", async () => {
  const { context, page } = await open();
  try {
    await typeAmount(page, "1");
    await waitForOrder(page, ["Beta Swap", "Gamma Cash", "Alpha Exchange"]);
    const focused = [];
    for (let i = 0; i < 8 && focused.length < 3; i++) {
      await page.keyboard.press("Tab");
      const f = await page.evaluate(() => {
        const a = document.getElementById("cmp").shadowRoot.activeElement;
        return a && a.getAttribute("part") === "offer-go" ? a.getAttribute("aria-label") : null;
      });
      if (f) focused.push(f);
    }
    assert.deepEqual(focused, ["Exchange at Beta Swap", "Exchange at Gamma Cash", "Exchange at Alpha Exchange"]);
  } finally {
    await context.close();
  }
});

test("a plain feed in the compare layout is a parse error naming /compare, with the fallback link", async () => {
  const opened = await openPage(browser);
  const { context, page, problems } = opened;
  try {
    await context.route(`${BASE}/compare-plain.html`, (r) => r.fulfill({ status: 200, contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="plain" layout="compare" feed="/feeds/demo-xml"><a id="plain-fallback" href="https://alpha.example/">exchangers</a></ratelink-widget></body></html>` }));
    await page.goto(`${BASE}/compare-plain.html`);
    const [err] = await waitForEvent(page, "ratelink:error", "plain");
    assert.equal(err.detail.kind, "parse");
    assert.match(err.detail.message, /RELAY\/compare\?feeds=/);
    await page.waitForFunction(() => document.getElementById("plain-fallback").getBoundingClientRect().height > 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
