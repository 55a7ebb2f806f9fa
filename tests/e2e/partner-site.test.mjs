// End-to-end: embedding as a partner does it, with the real wasm from `ratelink-relay demo`:
// a host page on another origin under the Content-Security-Policy docs/embedding.md documents,
// and `link-template` rendered into the affiliate link, the error state's fallback link and
// (without JavaScript) the partner's own link. Each check is also run on a wrong input (a policy
// without the relay, a widget without the template) and must fail there.
// Started by scripts/test-widget-e2e.sh (RATELINK_E2E_BASE = relay URL).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startServer } from "./lib/server.mjs";
import { launch, openPage, pollUntil } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const TEMPLATE = "{base}/go/?rid={ref}&from={from}&to={to}";
const HOME = "https://exchanger.example/ref/demo123/?cur_from=BTC&cur_to=SBERRUB";

/** The policy docs/embedding.md tells a partner to send, for a relay at `relay`. */
const documentedCsp = (relay) =>
  `script-src 'self' ${relay} 'wasm-unsafe-eval'; connect-src 'self' ${relay}; style-src 'self' ${relay}`;

const widget = (id, attrs) => `<ratelink-widget id="${id}" exchanger="https://exchanger.example" ref="demo123"
  from="BTC" to="SBERRUB" ${attrs}><a id="${id}-fallback" href="${HOME.replaceAll("&", "&amp;")}"
  rel="sponsored noopener">Exchange Bitcoin for Sberbank RUB</a></ratelink-widget>`;

const hostPage = (csp, body, loader = `${BASE}/ratelink.js`) => `<!doctype html><html lang="en"><head>
<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<title>partner site</title><script type="module" src="${loader}"></script></head><body>
<h1>A partner's review page</h1>${body}</body></html>`;

let browser, site, siteOrigin;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  const relayOrigin = new URL(BASE).origin;
  const xml = widget("x", `feed="${BASE}/feeds/demo-xml"`);
  site = await startServer(fileURLToPath(new URL("./fixtures/", import.meta.url)), {
    "/partner.html": { type: "text/html; charset=utf-8", body: hostPage(documentedCsp(relayOrigin), xml) },
    // Wrong: the policy leaves the relay out of connect-src (the wasm and the feed are refused).
    "/no-connect.html": { type: "text/html; charset=utf-8",
      body: hostPage(documentedCsp(relayOrigin).replace(`connect-src 'self' ${relayOrigin}`, "connect-src 'self'"), xml) },
    "/template.html": { type: "text/html; charset=utf-8", body: hostPage(documentedCsp(relayOrigin),
      widget("t", `feed="${BASE}/feeds/demo-xml" link-template="${TEMPLATE}"`) +
      widget("tb", `feed="${BASE}/feeds/demo-broken" link-template="${TEMPLATE}"`) +
      widget("plain", `feed="${BASE}/feeds/demo-xml"`)) },
    "/favicon.ico": { status: 204, body: "" },
  });
  // The partner's site is "localhost", the relay "127.0.0.1": two origins.
  siteOrigin = site.url.replace("127.0.0.1", "localhost");
  assert.notEqual(new URL(siteOrigin).origin, relayOrigin);
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

/** Opens a page of the partner's site; the exchanger's pages are answered locally. */
async function partnerPage(path, options) {
  const opened = await openPage(browser, options);
  await opened.context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  const requests = [];
  opened.page.on("request", (r) => requests.push(r.url()));
  await opened.page.goto(siteOrigin + path);
  return { ...opened, requests };
}

const events = (page, type, id) => pollUntil(page, ([t, i]) => {
  const found = window.__rlEvents.filter((e) => e.type === t && e.id === i);
  return found.length ? found : null;
}, [type, id], `${type} on #${id}`, 60000);

/** Fails unless the widget `id` rendered, under no CSP violation or page error. */
async function assertRendersCleanly(page, problems, id) {
  const first = await pollUntil(page, (i) => window.__rlEvents.find((e) => e.id === i &&
    (e.type === "ratelink:ready" || e.type === "ratelink:error")), id, `#${id} to start`, 60000);
  assert.equal(first.type, "ratelink:ready", JSON.stringify(first.detail));
  assert.deepEqual(problems, []);
}

test("the real widget on another origin under the documented CSP: files and feed from the relay", async () => {
  const { page, problems, context, requests } = await partnerPage("/partner.html");
  await assertRendersCleanly(page, problems, "x");
  assert.equal(await page.locator("#x a[part~='go']").getAttribute("href"),
    "https://exchanger.example/ref/demo123/?cur_from=BTC&cur_to=SBERRUB");
  assert.match(await page.locator("#x [part~='rate']").textContent(), /\d/);
  assert.equal(await page.locator("#x-fallback").isVisible(), false, "fallback hidden once ready");
  const relayOrigin = new URL(BASE).origin;
  const fromRelay = (re) => requests.filter((u) => re.test(u)).map((u) => new URL(u).origin);
  assert.deepEqual(fromRelay(/\/ratelink-app\.[0-9a-f]+\.js$/), [relayOrigin]);
  assert.deepEqual(fromRelay(/\/ratelink_bg\.[0-9a-f]+\.wasm$/), [relayOrigin]);
  assert.deepEqual(fromRelay(/\/feeds\/demo-xml$/), [relayOrigin]);
  await context.close();
});

test("control: a policy without the relay in connect-src is caught (violation, fallback shown)", async () => {
  const { page, problems, context } = await partnerPage("/no-connect.html");
  await assert.rejects(assertRendersCleanly(page, problems, "x"));
  assert.ok(problems.some((p) => p.startsWith("csp: connect-src")), problems.join("\n"));
  assert.equal(await page.locator("#x-fallback").isVisible(), true, "the partner's link stays");
  await context.close();
});

/** Fails unless the widget `id`'s affiliate link (part "go") is the template's link for BTC -> SBERRUB. */
async function assertTemplateLink(page, id) {
  const href = await page.locator(`#${id} a[part~='go']`).getAttribute("href");
  assert.equal(href, "https://exchanger.example/go/?rid=demo123&from=BTC&to=SBERRUB");
}

test("link-template shapes the go link and the error state's fallback link", async () => {
  const { page, problems, context } = await partnerPage("/template.html");
  await events(page, "ratelink:ready", "t");
  await assertTemplateLink(page, "t");
  // A pair chosen later follows the template too.
  await page.evaluate(() => document.getElementById("t").setPair("ETH", "SBERRUB"));
  await pollUntil(page, () => document.getElementById("t").shadowRoot.querySelector("a[part~='go']")
    .getAttribute("href").endsWith("from=ETH&to=SBERRUB"), null, "the new pair's link");
  assert.equal(await page.locator("#t a[part~='go']").getAttribute("href"),
    "https://exchanger.example/go/?rid=demo123&from=ETH&to=SBERRUB");
  const [go] = await Promise.all([
    pollUntil(page, () => window.__rlEvents.find((e) => e.type === "ratelink:go" && e.id === "t"), null, "ratelink:go"),
    page.locator("#t a[part~='go']").click(),
  ]);
  assert.equal(go.detail.href, "https://exchanger.example/go/?rid=demo123&from=ETH&to=SBERRUB");

  // The feed fails: the error state offers the template's link for the configured pair.
  await page.locator("#tb").scrollIntoViewIfNeeded();
  await events(page, "ratelink:error", "tb");
  assert.equal(await page.locator("#tb .rl-error a.rl-fallback").isVisible(), true);
  await assertTemplateLink(page, "tb");

  // Control: the same check fails on a widget without the template.
  await page.locator("#plain").scrollIntoViewIfNeeded();
  await events(page, "ratelink:ready", "plain");
  await assert.rejects(assertTemplateLink(page, "plain"));
  assert.deepEqual(problems.filter((p) => !/status of 503 .*demo-broken/.test(p)), []);
  await context.close();
});

test("without JavaScript the partner's own link is shown and leads to the exchanger", async () => {
  const { page, context } = await partnerPage("/template.html", { javaScriptEnabled: false });
  for (const id of ["t", "tb", "plain"]) {
    assert.equal(await page.locator(`#${id}-fallback`).isVisible(), true, id);
    assert.equal(await page.locator(`#${id}-fallback`).getAttribute("href"), HOME);
  }
  await page.locator("#t-fallback").click();
  await page.waitForURL(HOME);
  assert.equal(await page.title(), "exchanger");
  await context.close();
});
