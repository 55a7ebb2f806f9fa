// The two app bundles (issue 12, fourth round): the loader fetches the lean app
// (`ratelink-app.HASH.js` + `ratelink_bg.HASH.wasm`) for `full`/`compact` widgets and the compare
// app (`ratelink-compare-app.HASH.js` + `ratelink-compare_bg.HASH.wasm`) only for a widget whose
// layout is `compare`; each at most once per page. A widget switched to `compare` after mounting
// is remounted with the compare app; the lean app asked for `compare` directly shows a readable
// configuration error. Pages are answered by the test, the widget's files and feeds by the relay
// demo (scripts/test-widget-e2e.sh), the /compare document from tests/e2e/fixtures/compare.json.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage, waitForEvent } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const DOC = readFileSync(new URL("./fixtures/compare.json", import.meta.url), "utf8");

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

const FULL = `<ratelink-widget id="full" feed="/feeds/demo-xml" exchanger="https://exchanger.example"
  ref="demo123" from="BTC" to="SBERRUB" target="_self"><a href="https://exchanger.example/">x</a></ratelink-widget>`;
const COMPARE = (id) => `<ratelink-widget id="${id}" layout="compare" feed="/compare?feeds=alpha,beta,gamma,delta"
  from="BTC" to="SBERRUB" amount="0.05" target="_self"><a href="https://alpha.example/">x</a></ratelink-widget>`;
const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bundles</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="/ratelink.js"></script></head><body>${body}</body></html>`;

const LEAN_GLUE = /^\/ratelink-app\.[0-9a-f]+\.js$/;
const LEAN_WASM = /^\/ratelink_bg\.[0-9a-f]+\.wasm$/;
const COMPARE_GLUE = /^\/ratelink-compare-app\.[0-9a-f]+\.js$/;
const COMPARE_WASM = /^\/ratelink-compare_bg\.[0-9a-f]+\.wasm$/;

/** Opens `body` as a page; returns the page, its context, problems and the paths it requested. */
async function open(body, viewport) {
  const opened = await openPage(browser, viewport ? { viewport } : {});
  const { context } = opened;
  const requests = [];
  opened.page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await context.route(`${BASE}/bundles-test.html`, (r) =>
    r.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: page(body) }));
  await context.route((url) => url.pathname === "/compare", (r) =>
    r.fulfill({ status: 200, contentType: "application/json", body: DOC, headers: { etag: '"cmp1"' } }));
  await context.route(/^https:\/\/[a-z]+\.example\//, (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  await opened.page.goto(`${BASE}/bundles-test.html`);
  return { ...opened, requests };
}

const count = (requests, re) => requests.filter((p) => re.test(p)).length;

/** The exchanger names of a compare widget's offers, in the order shown. */
const offers = (page, id) => page.locator(`#${id} [part~="offer-exchanger"]`).allTextContents();

/** Waits until widget `id` shows the offers in `order`. */
async function waitForOffers(page, id, order) {
  await page.waitForFunction(([i, want]) => {
    const root = document.getElementById(i)?.shadowRoot;
    const got = root ? [...root.querySelectorAll('[part~="offer-exchanger"]')].map((e) => e.textContent) : [];
    return JSON.stringify(got) === JSON.stringify(want);
  }, [id, order], { timeout: 20000 }).catch(async () => {
    assert.fail(`offers of ${id}: ${JSON.stringify(await offers(page, id))}, wanted ${JSON.stringify(order)}`);
  });
}

/** Types `text` into widget `id`'s give amount as a person does. */
async function typeAmount(page, id, text) {
  const field = page.locator(`#${id} [part~="amount-give"]`);
  await field.click();
  await field.press("ControlOrMeta+a");
  await field.pressSequentially(text);
}

/** The single view works: its link goes to the exchanger with the chosen pair. */
async function singleWorks(page, id) {
  const go = page.locator(`#${id} [part~="go"]`);
  assert.equal(await go.getAttribute("href"), "https://exchanger.example/ref/demo123/?cur_from=BTC&cur_to=SBERRUB");
  await typeAmount(page, id, "2");
  await page.waitForFunction((i) => {
    const got = document.getElementById(i).state();
    return got && got.amount_give === "2" && got.amount_get !== null;
  }, id, { timeout: 10000 });
}

for (const [name, viewport] of [["desktop", null], ["360 px", { width: 360, height: 740 }]]) {
  test(`${name}: a page with only a full widget never requests the compare app`, async () => {
    const { context, page, problems, requests } = await open(FULL, viewport);
    try {
      await waitForEvent(page, "ratelink:ready", "full");
      await singleWorks(page, "full");
      assert.equal(count(requests, LEAN_GLUE), 1, requests.join("\n"));
      assert.equal(count(requests, LEAN_WASM), 1, requests.join("\n"));
      assert.deepEqual(requests.filter((p) => p.includes("compare")), [], "no compare file requested");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test(`${name}: a page with a compare widget loads the compare app, and the widget works`, async () => {
    const { context, page, problems, requests } = await open(COMPARE("cmp"), viewport);
    try {
      await waitForEvent(page, "ratelink:ready", "cmp");
      await waitForOffers(page, "cmp", ["Alpha Exchange", "Gamma Cash", "Beta Swap"]);
      // 1 BTC is above alpha's 0.1 maximum: beta leads, alpha follows.
      await typeAmount(page, "cmp", "1");
      await waitForOffers(page, "cmp", ["Beta Swap", "Gamma Cash", "Alpha Exchange"]);
      await page.locator('#cmp [part~="offer-go"]').first().click();
      await page.waitForURL("https://beta.example/ref/BETA77/?cur_from=BTC&cur_to=SBERRUB");
      assert.equal(count(requests, COMPARE_GLUE), 1, requests.join("\n"));
      assert.equal(count(requests, COMPARE_WASM), 1, requests.join("\n"));
      assert.equal(count(requests, LEAN_GLUE) + count(requests, LEAN_WASM), 0, "the lean app is not needed");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test("both kinds on one page: each app fetched once, every widget works", async () => {
  const { context, page, problems, requests } = await open(FULL + COMPARE("cmp") + COMPARE("cmp2"));
  try {
    for (const id of ["full", "cmp", "cmp2"]) await waitForEvent(page, "ratelink:ready", id);
    await waitForOffers(page, "cmp", ["Alpha Exchange", "Gamma Cash", "Beta Swap"]);
    await waitForOffers(page, "cmp2", ["Alpha Exchange", "Gamma Cash", "Beta Swap"]);
    await singleWorks(page, "full");
    await typeAmount(page, "cmp2", "10");
    await waitForOffers(page, "cmp2", ["Gamma Cash", "Alpha Exchange", "Beta Swap"]);
    await waitForOffers(page, "cmp", ["Alpha Exchange", "Gamma Cash", "Beta Swap"]);
    for (const re of [LEAN_GLUE, LEAN_WASM, COMPARE_GLUE, COMPARE_WASM]) {
      assert.equal(count(requests, re), 1, `${re}\n${requests.join("\n")}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a widget switched to compare after mounting is remounted with the compare app, and back", async () => {
  const { context, page, problems, requests } = await open(FULL);
  try {
    await waitForEvent(page, "ratelink:ready", "full");
    assert.equal(count(requests, COMPARE_GLUE), 0);
    await page.evaluate(() => {
      const w = document.getElementById("full");
      w.setAttribute("feed", "/compare?feeds=alpha,beta,gamma,delta");
      w.setAttribute("layout", "compare");
    });
    // No amount attribute: whatever the order for the suggested amount, the three exchangers
    // with data are listed.
    await page.waitForFunction(() => document.getElementById("full").shadowRoot
      .querySelectorAll('[part~="offer-exchanger"]').length === 3, null, { timeout: 20000 });
    assert.deepEqual((await offers(page, "full")).slice().sort(), ["Alpha Exchange", "Beta Swap", "Gamma Cash"]);
    // One app view in the root: the lean app was destroyed before the compare one mounted.
    assert.equal(await page.evaluate(() => document.getElementById("full").shadowRoot
      .querySelectorAll(".rl-root > .rl-widget").length), 1);
    assert.equal(count(requests, COMPARE_GLUE), 1);
    // Back to the single view: the lean app is already loaded, nothing fetched again.
    await page.evaluate(() => {
      const w = document.getElementById("full");
      w.setAttribute("feed", "/feeds/demo-xml");
      w.removeAttribute("layout");
    });
    await page.locator('#full [part~="go"]').waitFor();
    await singleWorks(page, "full");
    for (const re of [LEAN_GLUE, LEAN_WASM, COMPARE_GLUE, COMPARE_WASM]) {
      assert.equal(count(requests, re), 1, `${re}\n${requests.join("\n")}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the lean app asked for the compare layout shows a readable error, no panic", async () => {
  // A page that mounts the lean glue itself (not through the loader), as a partner might.
  const { context, page, problems, requests } = await open(FULL);
  try {
    await waitForEvent(page, "ratelink:ready", "full");
    const glue = requests.find((p) => LEAN_GLUE.test(p));
    const result = await page.evaluate(async (url) => {
      const app = await import(url);
      const host = document.createElement("div");
      host.id = "direct";
      document.body.append(host);
      const root = document.createElement("div");
      host.attachShadow({ mode: "open" }).append(root);
      const errors = [];
      host.addEventListener("ratelink:error", (e) => errors.push(e.detail));
      app.mount(host, root, { layout: "compare", feed: "/compare?feeds=alpha,beta" });
      for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((ok) => setTimeout(ok, 50));
      return { errors, text: root.textContent };
    }, glue);
    assert.equal(result.errors.length, 1, JSON.stringify(result));
    assert.equal(result.errors[0].kind, "config");
    assert.match(result.errors[0].message, /compare bundle/);
    assert.match(result.text, /compare bundle/);
    assert.equal(count(requests, COMPARE_GLUE), 0);
    assert.ok(!requests.includes("/compare"), "no /compare document fetched");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
