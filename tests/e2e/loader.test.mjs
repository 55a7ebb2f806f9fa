// Loader tests (www/ratelink.js) against a stand-in app module: lazy single load, fallback,
// attribute forwarding, element API queueing, teardown, double loading, CSP and load failures.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startServer } from "./lib/server.mjs";
import { eventually, launch, openPage, waitForEvent } from "./lib/browser.mjs";
import { minifyCss, stampLoader } from "../../scripts/web/stamp-loader.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const EMPTY_WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** The loader as build-web.sh ships it, pointing at the stand-in app. */
async function stampedLoader(glue = "fake-app.js") {
  const src = await readFile(repo + "www/ratelink.js", "utf8");
  const cssText = minifyCss(await readFile(repo + "www/ratelink.css", "utf8"));
  const out = stampLoader(src, { glue, wasm: "fake.wasm", css: "fake.css", cssText });
  assert.ok(!out.includes("__RATELINK_"), "every placeholder stamped");
  return out;
}

let server, browser, pageServer;
const js = (body) => ({ body, type: "text/javascript" });
// The fixture pages' feeds: the loader requests a waking widget's feed itself (config.takeFeed).
const FEEDS = Object.fromEntries(["a", "d", "far", "broken"].map((name) =>
  [`/feeds/${name}`, { body: `feed ${name}`, type: "application/json" }]));
const html = (body, headers) => ({ body, type: "text/html", headers });

before(async () => {
  const page = await readFile(fixtures + "loader.html", "utf8");
  server = await startServer(fixtures, {
    "/ratelink.js": js(await stampedLoader()),
    "/again/ratelink.js": js(await stampedLoader()),
    "/missing/ratelink.js": js(await stampedLoader("no-such-app.js")),
    "/fake.wasm": { body: EMPTY_WASM, type: "application/wasm" },
    "/fake.css": { body: ".rl-root { padding-top: 7px; }", type: "text/css" },
    "/missing/fake.wasm": { body: EMPTY_WASM, type: "application/wasm" },
    "/": html(page),
    "/favicon.ico": { status: 204, body: "" },
    ...FEEDS,
    "/far.html": html(await readFile(fixtures + "far.html", "utf8")),
    "/hang.html": html((await readFile(fixtures + "far.html", "utf8")).replace("/feeds/far", "/feeds/hang")),
    "/feeds/hang": { hang: true },
    // Same page, but the policy lacks 'wasm-unsafe-eval': compiling must be refused.
    "/nowasm.html": html(page.replace(" 'wasm-unsafe-eval'", "")),
    "/missing.html": html(page.replace('src="/ratelink.js"', 'src="/missing/ratelink.js"')),
    // No stylesheet may load at all: constructed sheets are not subject to style-src.
    "/nostyle.html": html(page.replace("style-src 'self'", "style-src 'none'")
      .replace('<link rel="stylesheet" href="/loader.css">', "")),
  });
  // A partner page on another origin (localhost vs 127.0.0.1) using the widget's files by URL.
  const assets = server.url;
  pageServer = await startServer(fixtures, {
    "/partner.html": html(page
      .replace('src="/ratelink.js"', `src="${assets}/ratelink.js"`)
      .replace("script-src 'self'", `script-src 'self' ${assets}`)
      .replace("connect-src 'self'", `connect-src 'self' ${assets}`)),
    "/favicon.ico": { status: 204, body: "" },
    ...FEEDS,
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); await pageServer?.close(); });

const fake = (page) => page.evaluate(() => globalThis.__fake ?? null);
const visible = (page, sel) => page.locator(sel).isVisible();

test("loads the app once, lazily, and mounts instances as they near the viewport", async () => {
  const { page, problems, context } = await openPage(browser);
  server.log.length = 0;
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "a");
  await waitForEvent(page, "ratelink:ready", "d");
  let f = await fake(page);
  assert.equal(f.inits, 1);
  assert.equal(f.mounts, 2, "the far widget is not mounted before it nears the viewport");
  assert.equal(server.log.filter((p) => p === "/fake-app.js").length, 1);
  await page.locator("#far").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:error", "far");
  f = await fake(page);
  assert.equal(f.mounts, 3);
  assert.equal(f.inits, 1);
  assert.equal(server.log.filter((p) => p === "/fake.wasm").length, 1, "wasm fetched once");
  assert.deepEqual(problems, []);
  await context.close();
});

test("nothing is downloaded until a widget nears the viewport or is interacted with", async () => {
  const { page, problems, context } = await openPage(browser);
  server.log.length = 0;
  await page.goto(server.url + "/far.html");
  await page.evaluate(() => customElements.whenDefined("ratelink-widget"));
  // Two animation frames: the IntersectionObserver has reported by then.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  assert.equal(server.log.includes("/fake-app.js"), false, "app not imported while far away");
  assert.equal(server.log.includes("/fake.wasm"), false);
  assert.equal(await fake(page), null);
  // Focus on the fallback link (e.g. by Tab) counts as interaction, even off-screen.
  await page.evaluate(() => document.getElementById("far-fallback").focus({ preventScroll: true }));
  await waitForEvent(page, "ratelink:ready", "far");
  assert.equal(await page.evaluate(() => window.scrollY), 0, "woken by focus, not by scrolling");
  assert.equal((await fake(page)).mounts, 1);
  assert.equal(server.log.filter((p) => p === "/fake-app.js").length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a waking widget's feed is requested alongside the app and handed over once", async () => {
  const { page, problems, context } = await openPage(browser);
  server.log.length = 0;
  // The wasm is held back until the feed has been asked for: only the loader can ask that early
  // (the app needs the wasm to start); without the early request the hold runs out.
  let feedAsked;
  const asked = new Promise((ok) => { feedAsked = ok; });
  page.on("request", (r) => { if (r.url().endsWith("/feeds/a")) feedAsked(true); });
  await page.route("**/fake.wasm", async (route) => {
    await Promise.race([asked, new Promise((ok) => setTimeout(ok, 5000, false))]);
    await route.continue();
  });
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "d");
  assert.equal(await Promise.race([asked, false]), true, "the feed was requested while the wasm was held");
  await page.waitForFunction(() => globalThis.__fake.feeds.every((f) => f.text || f.error));
  const { feeds } = await fake(page);
  assert.deepEqual(feeds.map((f) => ({ ...f })).sort((x, y) => x.id.localeCompare(y.id)), [
    { id: "a", taken: true, again: false, text: "feed a" },
    { id: "d", taken: true, again: false, text: "feed d" },
  ]);
  assert.equal(server.log.filter((p) => p === "/feeds/a").length, 1, "one request per feed");
  assert.equal(server.log.includes("/feeds/broken"), false, "the far widget's feed waits for it");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a widget removed before its app has loaded aborts its feed request", async () => {
  const { page, context } = await openPage(browser);
  let releaseWasm;
  const held = new Promise((ok) => { releaseWasm = ok; });
  await page.route("**/fake.wasm", async (route) => { await held; await route.continue(); });
  server.dropped.length = 0;
  server.log.length = 0;
  await page.goto(server.url + "/hang.html");
  await page.evaluate(() => document.getElementById("far-fallback").focus({ preventScroll: true }));
  // Until the server has the request (the page's "request" event comes before it is sent).
  await eventually(() => server.log.includes("/feeds/hang"), "the feed request");
  await page.evaluate(() => document.getElementById("far").remove());
  // The feed never answers: only the loader's abort ends its request.
  await eventually(() => server.dropped.includes("/feeds/hang"), "the feed request's abort");
  assert.deepEqual(server.dropped, ["/feeds/hang"]);
  releaseWasm();
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 50)));
  assert.equal((await fake(page))?.mounts ?? 0, 0, "a removed widget is not mounted");
  await context.close();
});

test("config carries attributes by name (plain or data-) and the page language", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "d");
  const { configs } = await fake(page);
  const a = configs.find((c) => c.id === "a").config;
  const d = configs.find((c) => c.id === "d").config;
  assert.deepEqual(a, { exchanger: "https://exchanger.example", ref: "r1", feed: "/feeds/a",
    theme: "light", pageLang: "en" });
  assert.deepEqual(d, { ref: "r2", feed: "/feeds/d", currencies: "BTC,ETH", pageLang: "ru" });
  assert.deepEqual(problems, []);
  await context.close();
});

test("fallback shows until ready, hides after, and comes back on error", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "a");
  assert.equal(await visible(page, "#a-fallback"), false);
  assert.equal(await page.locator("#a").getAttribute("class"), null, "host markup untouched");
  await page.locator("#far").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:error", "far");
  assert.equal(await visible(page, "#far-fallback"), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("shadow root is open, styled by one shared constructed sheet, no <style> elements", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "d");
  const info = await page.evaluate(() => {
    const a = document.getElementById("a").shadowRoot;
    const d = document.getElementById("d").shadowRoot;
    return {
      sheets: a.adoptedStyleSheets.length,
      shared: a.adoptedStyleSheets[0] === d.adoptedStyleSheets[0],
      styles: a.querySelectorAll("style").length,
      root: a.querySelector(".rl-root")?.getAttribute("part"),
      slot: !!a.querySelector(".rl-slot slot"),
      display: getComputedStyle(document.getElementById("a")).display,
    };
  });
  assert.deepEqual(info, { sheets: 1, shared: true, styles: 0, root: "root", slot: true, display: "block" });
  assert.deepEqual(problems, []);
  await context.close();
});

test("without constructable stylesheets the CSS file is linked instead", async () => {
  const { page, problems, context } = await openPage(browser);
  await context.addInitScript(() => { delete CSSStyleSheet.prototype.replaceSync; });
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "a");
  await page.waitForFunction(() => getComputedStyle(document.getElementById("a").shadowRoot
    .querySelector(".rl-root")).paddingTop === "7px");
  await waitForEvent(page, "ratelink:ready", "d");
  const info = await page.evaluate(() => ["a", "d"].map((id) => {
    const root = document.getElementById(id).shadowRoot;
    const link = root.querySelector('link[rel="stylesheet"]');
    return { sheets: root.adoptedStyleSheets.length, href: link && new URL(link.href).pathname };
  }));
  assert.deepEqual(info, [{ sheets: 0, href: "/fake.css" }, { sheets: 0, href: "/fake.css" }], "every widget");
  assert.deepEqual(problems, [], "the linked sheet is allowed by style-src 'self'");
  await context.close();
});

test("constructed stylesheets apply even under style-src 'none'", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/nostyle.html");
  await waitForEvent(page, "ratelink:ready", "a");
  const applied = await page.evaluate(() =>
    getComputedStyle(document.getElementById("a").shadowRoot.querySelector(".rl-root")).containerType);
  assert.equal(applied, "inline-size", "the widget CSS is in effect");
  assert.deepEqual(problems, []);
  await context.close();
});

test("attribute changes are batched into one update with the full config", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "d");
  await page.evaluate(() => {
    const a = document.getElementById("a");
    a.setAttribute("theme", "dark");
    a.setAttribute("to", "ETH");
    document.getElementById("d").setAttribute("data-from", "BTC");
  });
  await page.waitForFunction(() => globalThis.__fake.updates.length >= 2);
  const { updates } = await fake(page);
  assert.equal(updates.length, 2);
  assert.deepEqual(updates.find((u) => u.id === "a").config, { exchanger: "https://exchanger.example",
    ref: "r1", feed: "/feeds/a", to: "ETH", theme: "dark", pageLang: "en" });
  assert.equal(updates.find((u) => u.id === "d").config.from, "BTC");
  assert.equal(await page.evaluate(() =>
    document.getElementById("a").shadowRoot.querySelector(".rl-root").dataset.theme), "dark");
  assert.deepEqual(problems, []);
  await context.close();
});

test("element API calls before mount are queued, after mount forwarded", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await page.evaluate(async () => {
    await customElements.whenDefined("ratelink-widget");
    const far = document.getElementById("far"); // not mounted yet: off-screen
    far.setPair("BTC", "ETH");
    document.getElementById("d").refresh();
  });
  await waitForEvent(page, "ratelink:error", "far"); // the API call woke it
  await page.waitForFunction(() => globalThis.__fake.calls.length >= 2);
  const { calls } = await fake(page);
  assert.deepEqual(calls.find((c) => c.id === "far"), { id: "far", name: "setPair", args: ["BTC", "ETH"] });
  assert.ok(calls.some((c) => c.id === "d" && c.name === "refresh"));
  assert.deepEqual(problems, []);
  await context.close();
});

test("moving an element keeps its app; removing it tears down once", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "d");
  await page.evaluate(() => document.getElementById("elsewhere").append(document.getElementById("a")));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 50)));
  let f = await fake(page);
  assert.equal(f.destroys, 0, "a move is not a teardown");
  assert.equal(f.mounts, 2);
  await page.evaluate(() => {
    window.__a = document.getElementById("a");
    window.__a.remove();
    document.getElementById("d").remove();
  });
  await page.waitForFunction(() => globalThis.__fake.destroys === 2);
  const after = await page.evaluate(() => {
    const root = window.__a.shadowRoot.querySelector(".rl-root");
    return { children: root.childElementCount, theme: root.getAttribute("data-theme"),
      fallbackHidden: window.__a.shadowRoot.querySelector(".rl-slot").hidden };
  });
  assert.deepEqual(after, { children: 0, theme: null, fallbackHidden: false });
  f = await fake(page);
  assert.equal(f.mounts, 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a removed element that comes back remounts; a re-inserted div too", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "d");
  await page.evaluate(() => {
    window.__a = document.getElementById("a");
    window.__d = document.getElementById("d");
    window.__a.remove();
    window.__d.remove();
  });
  await page.waitForFunction(() => globalThis.__fake.destroys === 2);
  await page.evaluate(() => document.body.prepend(window.__a, window.__d));
  await page.waitForFunction(() => globalThis.__fake.mounts === 4);
  assert.equal(await page.evaluate(() =>
    window.__a.shadowRoot.querySelector(".rl-fake")?.textContent), "widget a");
  assert.deepEqual(problems, []);
  await context.close();
});

test("loading the script twice is harmless", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/");
  await waitForEvent(page, "ratelink:ready", "a");
  await page.addScriptTag({ url: "/again/ratelink.js", type: "module" });
  await page.addScriptTag({ url: "/ratelink.js", type: "module" });
  // Both copies have run; wake the far widget too, so any second app or mount would show.
  await page.locator("#far").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:error", "far");
  const f = await fake(page);
  assert.equal(f.inits, 1);
  assert.equal(f.mounts, 3);
  assert.equal(await page.evaluate(() => window.__rlEvents.filter((e) => e.type === "ratelink:ready").length), 2,
    "one ready per mounted widget");
  assert.deepEqual(problems, []);
  await context.close();
});

test("works from another origin: assets resolve against the loader's URL", async () => {
  const { page, problems, context } = await openPage(browser);
  server.log.length = 0;
  const origin = pageServer.url.replace("127.0.0.1", "localhost");
  await page.goto(origin + "/partner.html");
  await waitForEvent(page, "ratelink:ready", "a");
  assert.notEqual(new URL(origin).origin, new URL(server.url).origin);
  assert.ok(server.log.includes("/fake-app.js") && server.log.includes("/fake.wasm"), "loaded from the asset origin");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a CSP without 'wasm-unsafe-eval' keeps the fallback and reports kind csp", async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + "/nowasm.html");
  const [err] = await waitForEvent(page, "ratelink:error", "a");
  assert.equal(err.detail.kind, "csp");
  assert.equal(await visible(page, "#a-fallback"), true);
  assert.equal(await visible(page, "#d-fallback"), true);
  assert.ok(problems.some((p) => p.startsWith("csp: script-src")), "the browser refused the compile");
  await context.close();
});

test("a missing app module keeps the fallback and reports kind load", async () => {
  const { page, context } = await openPage(browser);
  await page.goto(server.url + "/missing.html");
  const [err] = await waitForEvent(page, "ratelink:error", "a");
  assert.equal(err.detail.kind, "load");
  assert.equal(await visible(page, "#a-fallback"), true);
  await context.close();
});
