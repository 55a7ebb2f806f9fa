// Compare layout end to end against the real relay (issue 17): the demo page's `#w-compare`
// widget reads `ratelink-relay demo`'s `GET /compare?feeds=alpha,beta,gamma` (the three sample
// feeds www/demo/feeds/compare/{alpha,beta,gamma}.xml with the demo's titles, bases and ref
// codes). The visitor types amounts that reorder the offers, follows the top offer to that
// exchanger with its own ref code, and the page reads the best offer with `el.state()`.
// Desktop and 360 px. Started by scripts/test-widget-e2e.sh (RATELINK_E2E_BASE = relay URL).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { eventually, launch, waitForEvent } from "./lib/browser.mjs";
import { demo, unexpected, q } from "./lib/demo.mjs";

const SHOTS = process.env.RATELINK_E2E_SHOTS ?? new URL("../../target/e2e/", import.meta.url).pathname;

const BASE = process.env.RATELINK_E2E_BASE;
const FEEDS = "alpha,beta,gamma";

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** The relay's own /compare document for the demo's exchangers. */
async function compareDoc(query = `?feeds=${FEEDS}`) {
  const res = await fetch(`${BASE}/compare${query}`);
  assert.equal(res.status, 200, `/compare${query}`);
  return res.json();
}

/** Opens the demo page with the exchangers' sites answered locally; records /compare requests. */
async function open(viewport) {
  const requests = [];
  const opened = await demo(browser, viewport ? { viewport } : {}, async ({ context, page }) => {
    await context.route(/^https:\/\/(alpha|beta|gamma)\.example\//, (r) =>
      r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
    page.on("response", (r) => {
      if (new URL(r.url()).pathname === "/compare") requests.push([r.url(), r.status()]);
    });
  });
  await opened.page.locator("#w-compare").scrollIntoViewIfNeeded();
  await waitForEvent(opened.page, "ratelink:ready", "w-compare");
  return { ...opened, requests };
}

/** Types `text` into the compare widget's amount as a person does: select all, type over it. */
async function typeAmount(page, text) {
  const field = page.locator(q("w-compare", '[part~="amount-give"]'));
  await field.click();
  await field.press("ControlOrMeta+a");
  await field.pressSequentially(text);
}

/** Waits until the offers' exchanger titles are `order`, then returns [title, fits, href] rows. */
async function waitForOrder(page, order) {
  const rows = () => page.locator(q("w-compare", '[part~="offer"]')).evaluateAll((els) => els.map((e) => [
    e.querySelector('[part~="offer-exchanger"]').textContent,
    e.getAttribute("data-fits") === "true",
    e.querySelector('[part~="offer-go"]').getAttribute("href"),
  ]));
  await page.waitForFunction((want) => {
    const root = document.getElementById("w-compare").shadowRoot;
    const got = [...root.querySelectorAll('[part~="offer-exchanger"]')].map((e) => e.textContent);
    return JSON.stringify(got) === JSON.stringify(want);
  }, order, { timeout: 10000 }).catch(async () => {
    assert.fail(`offers ${JSON.stringify(await rows())}, wanted order ${JSON.stringify(order)}`);
  });
  return rows();
}

/** Polls `el.state()` until `ok(state)` holds; returns it. */
async function stateWhen(page, ok, what) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const s = await page.evaluate(() => document.getElementById("w-compare").state());
    if (ok(s)) return s;
    if (Date.now() > deadline) assert.fail(`${what}: state() is ${JSON.stringify(s)}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

test("the relay takes the widget's request (a trailing & included) and names the demo exchangers", async () => {
  for (const query of [`?feeds=${FEEDS}`, `?feeds=${FEEDS}&`]) {
    const doc = await compareDoc(query);
    assert.equal(doc.format, "compare");
    assert.deepEqual(doc.exchangers.map((e) => [e.id, e.title, e.exchanger, e.ref]), [
      ["alpha", "Alpha Exchange", "https://alpha.example", "alpha42"],
      ["beta", "Beta Swap", "https://beta.example", "beta42"],
      ["gamma", "Gamma Change", "https://gamma.example", "gamma42"],
    ]);
  }
});

for (const [name, viewport] of [["desktop", null], ["360 px", { width: 360, height: 740 }]]) {
  test(`${name}: the demo's compare widget lists the three exchangers, reorders them by amount, and the top offer goes to its exchanger with its own ref`, async () => {
    const { context, page, problems, requests } = await open(viewport);
    try {
      const doc = await compareDoc();
      const link = (id) => {
        const e = doc.exchangers.find((x) => x.id === id);
        return `${e.exchanger}/ref/${e.ref}/?cur_from=BTC&cur_to=SBERRUB`;
      };
      // The widget asked the relay for exactly the page's feed URL, and the relay answered it.
      assert.ok(requests.length >= 1, "the widget fetched /compare");
      for (const [url, status] of requests) {
        assert.equal(url, `${BASE}/compare?feeds=${FEEDS}`);
        assert.ok(status === 200 || status === 304, `${url} answered ${status}`);
      }

      // 0.05 BTC (the page's amount): alpha's rate wins, beta's fixed 3,000 RUB fee puts it last.
      let rows = await waitForOrder(page, ["Alpha Exchange", "Gamma Change", "Beta Swap"]);
      assert.deepEqual(rows.map(([, fits]) => fits), [true, true, true]);
      assert.deepEqual(rows.map(([, , href]) => href), [link("alpha"), link("gamma"), link("beta")]);
      assert.equal(await page.locator(q("w-compare", '[part~="offer-receive"]')).first().textContent(), "290,000.00 SBERRUB");
      let s = await stateWhen(page, (x) => x.exchanger === "alpha" && x.amount_give === "0.05", "best offer at 0.05");
      assert.deepEqual(s, { from: "BTC", to: "SBERRUB", amount_give: "0.05", amount_get: "290000", rate: "5800000",
        reserve: "40000000", min: "0.001", max: "0.1", stale: false, exchanger: "alpha" });

      // 1 BTC is above alpha's 0.1 maximum: beta leads (5,790,000 − 3,000), alpha follows greyed.
      await typeAmount(page, "1");
      rows = await waitForOrder(page, ["Beta Swap", "Gamma Change", "Alpha Exchange"]);
      assert.deepEqual(rows.map(([, fits]) => fits), [true, true, false]);
      assert.deepEqual(rows.map(([, , href]) => href), [link("beta"), link("gamma"), link("alpha")]);
      assert.equal(await page.locator(q("w-compare", '[part~="offer-receive"]')).first().textContent(), "5,787,000.00 SBERRUB");
      s = await stateWhen(page, (x) => x.exchanger === "beta", "best offer at 1");
      assert.deepEqual(s, { from: "BTC", to: "SBERRUB", amount_give: "1", amount_get: "5787000", rate: "5790000",
        reserve: "90000000", min: "0.01", max: "5", stale: false, exchanger: "beta" });

      // The top offer's link opens beta's own order page (the demo widget opens a new tab).
      assert.equal(link("beta"), "https://beta.example/ref/beta42/?cur_from=BTC&cur_to=SBERRUB");
      const [tab] = await Promise.all([
        context.waitForEvent("page"),
        page.locator(q("w-compare", '[part~="offer-go"]')).first().click(),
      ]);
      await tab.waitForLoadState();
      assert.equal(tab.url(), link("beta"));
      const gos = (await waitForEvent(page, "ratelink:go", "w-compare")).map((e) => e.detail);
      assert.deepEqual(gos, [{ href: link("beta"), from: "BTC", to: "SBERRUB", placement: null, exchanger: "beta" }]);

      // 30 BTC is above every maximum: the status names the closest one and whose it is (not
      // the top row's), and the long amounts received leave every title whole, on one line.
      await typeAmount(page, "30");
      rows = await waitForOrder(page, ["Alpha Exchange", "Beta Swap", "Gamma Change"]);
      assert.deepEqual(rows.map(([, fits]) => fits), [false, false, false]);
      const status = page.locator(q("w-compare", '[part~="status"]'));
      await eventually(async () => (await status.textContent()) ===
        "No exchanger takes this amount: Gamma Change — maximum 20 BTC", "the closest limit in the status");
      const titleLines = await page.evaluate(() => [...document.getElementById("w-compare").shadowRoot
        .querySelectorAll('[part~="offer-exchanger"]')].map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return [el.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
      }));
      assert.deepEqual(titleLines, [["Alpha Exchange", 1], ["Beta Swap", 1], ["Gamma Change", 1]]);
      await page.locator("#w-compare").screenshot({ path: `${SHOTS}/compare-none-fits-${name.replace(/\W+/g, "-")}.png` });
      assert.deepEqual(unexpected(problems), []);
    } finally {
      await context.close();
    }
  });
}
