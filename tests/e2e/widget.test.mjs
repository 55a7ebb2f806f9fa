// End-to-end: the demo page (index.html) served by `ratelink-relay demo`, the real wasm widget,
// headless Chromium. Started by scripts/test-widget-e2e.sh (RATELINK_E2E_BASE = relay URL).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { launch, openPage, waitForEvent } from "./lib/browser.mjs";
import { mulDivDown, fromEnglish } from "./lib/decimal.mjs";
import { demo as openDemo, unexpected, q, combo } from "./lib/demo.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const SHOTS = process.env.RATELINK_E2E_SHOTS ?? new URL("../../target/e2e/", import.meta.url).pathname;
const DEMO_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  await mkdir(SHOTS, { recursive: true });
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** Opens the demo page (see lib/demo.mjs). */
const demo = (options) => openDemo(browser, options);

/** Picks a currency the way a keyboard user does: type a filter, ArrowDown to it, Enter. */
async function pickByKeyboard(page, host, side, filter, code) {
  const input = page.locator(combo(host, side));
  await input.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(filter);
  await page.waitForFunction((sel) => {
    const [h, rest] = sel;
    const el = document.getElementById(h).shadowRoot.querySelector(rest);
    return el && el.getAttribute("aria-expanded") === "true";
  }, [host, `[part~="${side}"] input[role="combobox"]`]);
  const activeCode = async () => {
    const id = await input.getAttribute("aria-activedescendant");
    return id ? page.locator(q(host, `[id="${id}"] .rl-option-code`)).textContent() : null;
  };
  const options = await page.locator(q(host, `[part~="${side}"] [role="option"]`)).count();
  if ((await activeCode()) === code && options > 1) {
    // Already first: still prove the arrow keys move the highlight, then come back.
    await page.keyboard.press("ArrowDown");
    assert.notEqual(await activeCode(), code, "ArrowDown moves the highlight");
    await page.keyboard.press("ArrowUp");
  } else {
    for (let step = 0; step < 40 && (await activeCode()) !== code; step++) {
      await page.keyboard.press("ArrowDown");
    }
  }
  const active = await input.getAttribute("aria-activedescendant");
  assert.ok(active, `an option is highlighted in ${host}/${side}`);
  assert.equal(await page.locator(q(host, `[id="${active}"] .rl-option-code`)).textContent(), code);
  await page.keyboard.press("Enter");
  await page.waitForFunction(([h, s, c]) => {
    const el = document.getElementById(h).shadowRoot.querySelector(`[part~="${s}"] input[role="combobox"]`);
    return el.getAttribute("aria-expanded") === "false" && el.value === c;
  }, [host, side, code]);
  // Focus stays where the keyboard user is, whatever the new pair changes around the box
  // (a swap button that comes or goes, a city select, the facts below).
  assert.equal(await page.evaluate(([h, s]) => {
    const root = document.getElementById(h).shadowRoot;
    return root.activeElement === root.querySelector(`[part~="${s}"] input[role="combobox"]`);
  }, [host, side]), true, `focus stays on the ${side} box of ${host} after choosing ${code}`);
}

async function typeAmount(page, host, part, text) {
  const input = page.locator(q(host, `input[part~="${part}"]`));
  await input.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

/** The direction from the relay's normalized feed (the same data the widget reads). */
async function direction(feed, from, to) {
  const res = await fetch(`${BASE}/feeds/${feed}`);
  assert.equal(res.status, 200);
  const doc = await res.json();
  const d = doc.directions.find((x) => x.from === from && x.to === to && !x.city);
  assert.ok(d, `${from}->${to} in ${feed}`);
  return d;
}

test("demo page renders every instance under the strict CSP without errors", async () => {
  const { page, problems, context } = await demo();
  assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content"), DEMO_CSP);
  for (const id of ["w-default", "w-compact"]) await waitForEvent(page, "ratelink:ready", id);
  // Instances further down mount as they near the viewport.
  for (const id of ["w-dark", "w-ru", "w-allow"]) {
    await page.locator("#" + id).scrollIntoViewIfNeeded();
    await waitForEvent(page, "ratelink:ready", id);
  }
  await page.locator("#w-default").scrollIntoViewIfNeeded();
  assert.equal(await page.locator("#w-default > a").isVisible(), false, "fallback hidden once ready");
  assert.equal(await page.locator(q("w-compact", ".rl-root")).getAttribute("data-layout"), "compact");
  assert.equal(await page.locator(q("w-dark", ".rl-root")).getAttribute("data-theme"), "dark");
  assert.match(await page.locator(q("w-ru", '[part~="give"] .rl-label')).textContent(), /[А-Яа-яЁё]/);
  await page.screenshot({ path: SHOTS + "/demo-page.png", fullPage: true });
  for (const id of ["w-default", "w-compact", "w-dark", "w-ru"]) {
    await page.locator("#" + id).screenshot({ path: `${SHOTS}/${id}.png` });
  }
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("keyboard picking, amounts, the received amount and the affiliate link", async () => {
  const { page, problems, context } = await demo();
  await waitForEvent(page, "ratelink:ready", "w-default");
  const d = await direction("demo-xml", "BTC", "TCSBRUB");
  await pickByKeyboard(page, "w-default", "give", "bt", "BTC");
  await pickByKeyboard(page, "w-default", "get", "tcs", "TCSBRUB");
  const selects = await waitForEvent(page, "ratelink:select", "w-default");
  assert.deepEqual(selects.at(-1).detail, { from: "BTC", to: "TCSBRUB" });

  await typeAmount(page, "w-default", "amount-give", "0.01");
  const got = page.locator(q("w-default", 'input[part~="amount-get"]'));
  // RUB shows 2 decimals, cut down: never more than the exchanger pays.
  const expected = mulDivDown("0.01", d.out, d.in, 2);
  await page.waitForFunction(([sel, want]) => {
    const el = document.getElementById("w-default").shadowRoot.querySelector(sel);
    return el && el.value.replace(/[,\s\u00a0]/g, "") === want;
  }, ['input[part~="amount-get"]', expected], { timeout: 10000 }).catch(() => {});
  assert.equal(fromEnglish(await got.inputValue()), expected, `0.01 BTC at ${d.in}:${d.out}`);

  const go = page.locator(q("w-default", 'a[part~="go"]'));
  assert.equal(await go.getAttribute("href"), "https://exchanger.example/ref/demo42/?cur_from=BTC&cur_to=TCSBRUB");
  assert.equal(await go.getAttribute("rel"), "sponsored noopener");
  const popup = context.waitForEvent("page");
  await go.click();
  await popup;
  const gos = await waitForEvent(page, "ratelink:go", "w-default");
  assert.deepEqual(gos.at(-1).detail, { href: "https://exchanger.example/ref/demo42/?cur_from=BTC&cur_to=TCSBRUB",
    from: "BTC", to: "TCSBRUB", placement: null, exchanger: null });
  await page.locator("#w-default").screenshot({ path: SHOTS + "/w-default-quote.png" });
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("choosing a pair keeps focus while the swap button and the city select come and go", async () => {
  const { page, problems, context } = await demo();
  await waitForEvent(page, "ratelink:ready", "w-default");
  const swap = page.locator(q("w-default", '[part~="swap"]'));
  await pickByKeyboard(page, "w-default", "give", "btc", "BTC");
  await pickByKeyboard(page, "w-default", "get", "sber", "SBERRUB");
  assert.equal(await swap.count(), 1, "BTC -> SBERRUB has its reverse: a swap button");
  // The demo feed has XMR -> SBERRUB but not SBERRUB -> XMR: the swap button goes away.
  await pickByKeyboard(page, "w-default", "give", "xmr", "XMR");
  assert.equal(await swap.count(), 0, "XMR -> SBERRUB has no reverse: no swap button");
  await pickByKeyboard(page, "w-default", "give", "btc", "BTC");
  assert.equal(await swap.count(), 1);
  // Cash in two cities: a city select comes, then goes (each checked by pickByKeyboard's focus test).
  const city = page.locator(q("w-default", "select.rl-city-select"));
  await pickByKeyboard(page, "w-default", "get", "cashrub", "CASHRUB");
  assert.equal(await city.count(), 1, "BTC -> CASHRUB is offered in MSK and SPB: a city select");
  await pickByKeyboard(page, "w-default", "get", "sber", "SBERRUB");
  assert.equal(await city.count(), 0);
  // The next Tab goes on from the box to its amount, not from the top of the page.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => {
    const root = document.getElementById("w-default").shadowRoot;
    return root.activeElement === root.querySelector('input[part~="amount-get"]');
  }), true, "Tab from the get box reaches its amount");
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("a below-minimum amount explains the limit before the click", async () => {
  const { page, problems, context } = await demo();
  await waitForEvent(page, "ratelink:ready", "w-default");
  const d = await direction("demo-xml", "BTC", "TCSBRUB");
  await pickByKeyboard(page, "w-default", "get", "tcsb", "TCSBRUB");
  await typeAmount(page, "w-default", "amount-give", "0.0001");
  const problem = page.locator(q("w-default", ".rl-problem")).first();
  await problem.waitFor();
  const text = await problem.textContent();
  assert.match(text, /minimum/i);
  assert.ok(text.includes(String(Number(d.min))), `"${text}" names the minimum ${d.min}`);
  assert.equal(await page.locator(q("w-default", 'input[part~="amount-give"]')).getAttribute("aria-invalid"), "true");
  await page.locator("#w-default").screenshot({ path: SHOTS + "/w-default-below-min.png" });
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("swap reverses the pair and the link", async () => {
  const { page, problems, context } = await demo();
  await waitForEvent(page, "ratelink:ready", "w-default");
  await pickByKeyboard(page, "w-default", "give", "btc", "BTC");
  await pickByKeyboard(page, "w-default", "get", "tcs", "TCSBRUB");
  await page.locator(q("w-default", '[part~="swap"]')).click();
  await page.waitForFunction(() => document.getElementById("w-default").shadowRoot
    .querySelector('[part~="give"] input[role="combobox"]').value === "TCSBRUB");
  assert.equal(await page.locator(combo("w-default", "get")).inputValue(), "BTC");
  assert.equal(await page.locator(q("w-default", 'a[part~="go"]')).getAttribute("href"),
    "https://exchanger.example/ref/demo42/?cur_from=TCSBRUB&cur_to=BTC");
  const selects = await waitForEvent(page, "ratelink:select", "w-default");
  assert.deepEqual(selects.at(-1).detail, { from: "TCSBRUB", to: "BTC" });
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("the allow-list limits the currencies offered", async () => {
  const { page, problems, context } = await demo();
  await page.locator("#w-allow").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:ready", "w-allow");
  const input = page.locator(combo("w-allow", "give"));
  await input.focus();
  await page.keyboard.press("ArrowDown"); // opens the list
  await page.locator(q("w-allow", '[part~="give"] [role="option"]')).first().waitFor();
  const codes = await page.locator(q("w-allow", '[part~="give"] [role="option"] .rl-option-code')).allTextContents();
  assert.ok(codes.length > 0);
  const allowed = new Set(["BTC", "ETH", "USDTTRC20", "SBERRUB", "TCSBRUB"]);
  for (const c of codes) assert.ok(allowed.has(c), `${c} is allowed`);
  await page.keyboard.press("Escape");
  assert.equal(await input.getAttribute("aria-expanded"), "false");
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("the broken feed shows its error state and the fallback link", async () => {
  const { page, problems, context } = await demo();
  await page.locator("#w-broken").scrollIntoViewIfNeeded();
  const [err] = await waitForEvent(page, "ratelink:error", "w-broken");
  // The relay answers a feed it never fetched with 503: an HTTP failure, kind "network".
  assert.equal(err.detail.kind, "network", JSON.stringify(err.detail));
  assert.match(err.detail.message, /\/feeds\/demo-broken\b.*\b503\b/, err.detail.message);
  assert.equal(await page.locator(q("w-broken", ".rl-error")).getAttribute("data-kind"), "network");
  assert.equal(await page.locator(q("w-broken", ".rl-error")).isVisible(), true);
  assert.equal(await page.locator("#w-broken > a").isVisible(), true, "light-DOM fallback visible");
  await page.locator("#w-broken").screenshot({ path: SHOTS + "/w-broken.png" });
  // The relay answers the broken feed with an error status; that one console line is expected.
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("attribute changes at runtime update the widget in place", async () => {
  const { page, problems, context } = await demo();
  await waitForEvent(page, "ratelink:ready", "w-default");
  await page.evaluate(() => { document.getElementById("w-default").shadowRoot.querySelector(".rl-form").__same = true; });
  await page.evaluate(() => {
    const w = document.getElementById("w-default");
    w.setAttribute("theme", "dark");
    w.setAttribute("to", "USDTTRC20");
  });
  await page.waitForFunction(() => document.getElementById("w-default").shadowRoot
    .querySelector('[part~="get"] input[role="combobox"]').value === "USDTTRC20");
  const state = await page.evaluate(() => {
    const root = document.getElementById("w-default").shadowRoot;
    return {
      theme: root.querySelector(".rl-root").dataset.theme,
      bg: getComputedStyle(root.querySelector(".rl-root")).backgroundColor,
      same: root.querySelector(".rl-form")?.__same === true,
      href: root.querySelector('a[part~="go"]').getAttribute("href"),
    };
  });
  assert.deepEqual(state, { theme: "dark", bg: "rgb(22, 25, 31)", same: true,
    href: "https://exchanger.example/ref/demo42/?cur_from=BTC&cur_to=USDTTRC20" });
  await page.locator("#w-default").screenshot({ path: SHOTS + "/w-default-dark.png" });
  // The element API does the same.
  await page.evaluate(() => document.getElementById("w-default").setPair("ETH", "SBERRUB"));
  await page.waitForFunction(() => document.getElementById("w-default").shadowRoot
    .querySelector('a[part~="go"]').getAttribute("href").endsWith("cur_from=ETH&cur_to=SBERRUB"));
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

/** Per widget id: how many `ratelink:ready` events it sent and how many app views it holds. */
const mounts = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll("ratelink-widget, [data-ratelink-widget]")].map((w) => [w.id, {
  ready: window.__rlEvents.filter((e) => e.type === "ratelink:ready" && e.id === w.id).length,
  views: w.shadowRoot.querySelectorAll(".rl-root > .rl-widget").length,
}])));

test("removing a widget tears it down; loading the script twice is harmless", async () => {
  const opened = await openPage(browser);
  const { page, problems, context } = opened;
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await context.route("https://exchanger.example/**", (r) => r.fulfill({ status: 200, contentType: "text/html", body: "exchanger" }));
  await page.goto(BASE + "/");
  await waitForEvent(page, "ratelink:ready", "w-compact");
  // The loader again, from a second URL (a second module instance), then every widget woken.
  await page.addScriptTag({ url: "/ratelink.js?again", type: "module" });
  assert.ok(requests.includes("/ratelink.js") && requests.filter((p) => p === "/ratelink.js").length === 2, "both copies loaded");
  const ids = ["w-default", "w-compact", "w-dark", "w-ru", "w-allow", "w-compare"];
  for (const id of ids) {
    await page.locator("#" + id).scrollIntoViewIfNeeded();
    await waitForEvent(page, "ratelink:ready", id);
  }
  await page.locator("#w-broken").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:error", "w-broken");
  // One app download and one init: the glue and the wasm fetched once each.
  assert.equal(requests.filter((p) => /^\/ratelink-app\.[0-9a-f]+\.js$/.test(p)).length, 1, requests.join("\n"));
  assert.equal(requests.filter((p) => /^\/ratelink_bg\.[0-9a-f]+\.wasm$/.test(p)).length, 1, requests.join("\n"));
  // One mount per widget: one ready event and one view each (the broken one none ready).
  const expected = Object.fromEntries(ids.map((id) => [id, { ready: 1, views: 1 }]));
  expected["w-broken"] = { ready: 0, views: 1 };
  assert.deepEqual(await mounts(page), expected);
  // Control: the same count sees a second view when one is planted.
  await page.evaluate(() => {
    const extra = Object.assign(document.createElement("div"), { className: "rl-widget", id: "planted" });
    document.getElementById("w-allow").shadowRoot.querySelector(".rl-root").append(extra);
  });
  assert.notDeepEqual(await mounts(page), expected, "the mount count can fail");
  await page.evaluate(() => document.getElementById("w-allow").shadowRoot.getElementById("planted").remove());
  await page.evaluate(() => {
    window.__compact = document.getElementById("w-compact");
    window.__compact.remove();
  });
  await page.waitForFunction(() => window.__compact.shadowRoot.querySelector(".rl-root").childElementCount === 0);
  // The remaining widgets still work.
  await pickByKeyboard(page, "w-default", "get", "sber", "SBERRUB");
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("layouts: narrow 280 px stacks the fields; auto theme follows the OS", async () => {
  const { page, problems, context } = await demo({ colorScheme: "dark" });
  await waitForEvent(page, "ratelink:ready", "w-default");
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById("w-default")
    .shadowRoot.querySelector(".rl-root")).backgroundColor), "rgb(22, 25, 31)", "auto follows dark");
  await page.evaluate(() => document.getElementById("w-default").style.setProperty("width", "280px"));
  const layout = await page.evaluate(() => {
    const root = document.getElementById("w-default").shadowRoot;
    const give = root.querySelector(".rl-side-give").getBoundingClientRect();
    const get = root.querySelector(".rl-side-get").getBoundingClientRect();
    const host = document.getElementById("w-default").getBoundingClientRect();
    return { stacked: get.top >= give.bottom, width: Math.round(host.width),
      overflow: root.querySelector(".rl-root").scrollWidth > root.querySelector(".rl-root").clientWidth };
  });
  assert.deepEqual(layout, { stacked: true, width: 280, overflow: false });
  await page.locator("#w-default").screenshot({ path: SHOTS + "/w-default-280-dark.png" });
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("at 360 px the demo page and every widget on it fit the screen: nothing scrolls sideways", async () => {
  const { page, problems, context } = await demo({ viewport: { width: 360, height: 740 } });
  const ids = ["w-default", "w-compact", "w-dark", "w-ru", "w-allow", "w-compare"];
  for (const id of ids) {
    await page.locator("#" + id).scrollIntoViewIfNeeded();
    await waitForEvent(page, "ratelink:ready", id);
  }
  assert.deepEqual(await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]), [360, 360],
    "the page is no wider than the screen");
  const outside = await page.evaluate((ids) => ids.flatMap((id) => {
    const el = document.getElementById(id);
    const r = el.getBoundingClientRect();
    const root = el.shadowRoot.querySelector(".rl-root");
    return r.left < 0 || r.right > window.innerWidth || root.scrollWidth > root.clientWidth ? [id] : [];
  }), ids);
  assert.deepEqual(outside, [], "widgets that stick out or scroll sideways");
  // The site's navigation wraps instead of running off the edge.
  const nav = await page.evaluate(() => [...document.querySelectorAll(".site-header nav a, #theme-toggle")]
    .filter((a) => a.getBoundingClientRect().right > window.innerWidth).map((a) => a.textContent));
  assert.deepEqual(nav, []);
  await page.screenshot({ path: SHOTS + "/demo-top-360.png" });
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("the loading skeleton reserves roughly the final height (little layout shift)", async () => {
  for (const [id, feed] of [["w-default", "demo-xml"], ["w-compact", "demo-json"]]) {
    const opened = await openPage(browser);
    const { page, problems, context } = opened;
    let release;
    const gate = new Promise((ok) => { release = ok; });
    await context.route(`**/feeds/${feed}`, async (r) => { await gate; await r.continue(); });
    await page.goto(BASE + "/");
    await page.waitForFunction((i) => document.getElementById(i).shadowRoot?.querySelector(".rl-skeleton"), id);
    const loading = (await page.locator("#" + id).boundingBox()).height;
    release();
    await waitForEvent(page, "ratelink:ready", id);
    const ready = (await page.locator("#" + id).boundingBox()).height;
    assert.ok(Math.abs(loading - ready) <= 0.1 * ready, `${id}: skeleton ${loading}px vs ready ${ready}px`);
    assert.deepEqual(unexpected(problems), []);
    await context.close();
  }
});

test("accessibility basics: labelled controls, combobox wiring, live region, focus ring, reduced motion", async () => {
  const { page, problems, context } = await demo({ reducedMotion: "reduce" });
  await waitForEvent(page, "ratelink:ready", "w-default");
  const report = await page.evaluate(() => {
    const root = document.getElementById("w-default").shadowRoot;
    const labelled = (el) => !!(el.id && root.querySelector(`label[for="${el.id}"]`)) || !!el.getAttribute("aria-label");
    const combos = [...root.querySelectorAll('input[role="combobox"]')].map((c) => ({
      labelled: labelled(c),
      listbox: root.getElementById(c.getAttribute("aria-controls"))?.getAttribute("role") ?? null,
      expanded: c.getAttribute("aria-expanded"),
    }));
    const amounts = [...root.querySelectorAll('input[part~="amount-give"], input[part~="amount-get"]')]
      .map((a) => ({ labelled: labelled(a), inputmode: a.getAttribute("inputmode") }));
    return {
      combos, amounts,
      swap: !!root.querySelector('[part~="swap"]').getAttribute("aria-label"),
      status: root.querySelector('[part~="status"]')?.getAttribute("role") ?? null,
      transition: getComputedStyle(root.querySelector(".rl-combo")).transitionDuration,
    };
  });
  assert.deepEqual(report, {
    combos: [{ labelled: true, listbox: "listbox", expanded: "false" }, { labelled: true, listbox: "listbox", expanded: "false" }],
    amounts: [{ labelled: true, inputmode: "decimal" }, { labelled: true, inputmode: "decimal" }],
    swap: true, status: "status", transition: "0s",
  });
  // Keyboard focus shows a ring on the field box.
  await page.locator(combo("w-default", "give")).focus();
  const ring = await page.evaluate(() => {
    const box = document.getElementById("w-default").shadowRoot.querySelector('[part~="give"] .rl-combo');
    const s = getComputedStyle(box);
    return { style: s.outlineStyle, width: s.outlineWidth };
  });
  assert.deepEqual(ring, { style: "solid", width: "2px" });
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});
