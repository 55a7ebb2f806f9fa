// The partner dashboard end to end in headless Chromium against `ratelink-relay demo`:
// log in, see the balance, page through exchanges, request a payout and see it pending; charts,
// CSV export, Russian; and the partner key in no response, page or storage.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "../e2e/lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const PASSWORD = process.env.RATELINK_E2E_PASSWORD;
const KEY = process.env.RATELINK_E2E_KEY;
const SHOTS = process.env.RATELINK_E2E_SHOTS;
assert.ok(BASE && PASSWORD && KEY, "run through scripts/test-dashboard.sh");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens the dashboard page, recording every response body the page receives. */
async function open() {
  const { context, page, problems } = await openPage(browser, { acceptDownloads: true });
  const bodies = [];
  page.on("response", async (r) => {
    try { bodies.push({ url: r.url(), headers: JSON.stringify(await r.allHeaders()), body: await r.text() }); } catch { /* redirects, aborted */ }
  });
  await page.goto(BASE + "/dashboard.html");
  return { context, page, problems, bodies };
}

async function login(page, password = PASSWORD) {
  await page.locator("ratelink-dashboard #rd-password").fill(password);
  await page.locator("ratelink-dashboard form[part=login] button[type=submit]").click();
}

test("log in, balance, exchanges paging, payout request listed as pending, key never exposed", async () => {
  const { context, page, problems, bodies } = await open();
  const dash = page.locator("ratelink-dashboard");

  await login(page, "wrong-password");
  await dash.locator(".rd-error-text").waitFor();
  assert.equal(await dash.locator(".rd-error-text").textContent(), "wrong password");

  await login(page);
  const balance = dash.locator(".rd-card[data-field=balance] .rd-card-value");
  await balance.waitFor();
  const balanceText = await balance.textContent();
  assert.match(balanceText, /^\d+\.\d{2} USD$/, balanceText);
  assert.ok(Number(balanceText.split(" ")[0]) >= 50);
  assert.equal(await dash.locator(".rd-card[data-field=min_payout] .rd-card-value").textContent(), "50 USD");

  // Charts drawn as SVG bars; referral link builder.
  await dash.locator("svg.rd-chart").first().waitFor();
  assert.equal(await dash.locator("figure.rd-chart-box").count(), 3);
  assert.ok(await dash.locator("svg.rd-chart rect.rd-bar").count() >= 30);
  await dash.locator("#rd-cur-from").fill("usdttrc20");
  await dash.locator("#rd-cur-to").fill("BTC");
  const pair = await dash.locator("input[data-name=pair]").inputValue();
  assert.match(pair, /\/ref\/[^/]+\/\?cur_from=USDTTRC20&cur_to=BTC$|^/);

  // Exchanges: 20 rows a page, the next page differs, totals shown.
  await dash.locator("button[data-tab=exchanges]").click();
  const rows = dash.locator(".rd-exchanges tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 20);
  const firstPage1 = await rows.first().getAttribute("data-id");
  assert.match(await dash.locator(".rd-totals").textContent(), /\d+ exchanges, \d+ completed/);
  await dash.locator("button.rd-next").click();
  await dash.locator(".rd-page", { hasText: "Page 2" }).waitFor();
  await rows.first().waitFor();
  const firstPage2 = await rows.first().getAttribute("data-id");
  assert.notEqual(firstPage1, firstPage2);
  assert.ok(Number(firstPage2) < Number(firstPage1), "newest first across pages");
  await dash.locator("button.rd-prev").click();
  await dash.locator(".rd-page", { hasText: "Page 1" }).waitFor();
  if (SHOTS) await page.screenshot({ path: SHOTS + "/dashboard-exchanges.png", fullPage: true });

  // CSV export of the exchanges table.
  const [download] = await Promise.all([page.waitForEvent("download"), dash.locator(".rd-exchanges button.rd-export").click()]);
  const csvPath = await download.path();
  const csvText = (await import("node:fs")).readFileSync(csvPath, "utf8");
  assert.ok(csvText.startsWith("\ufeffid,date,give_amount,give_code,get_amount,get_code,reward,"), csvText.slice(0, 80));
  assert.ok(csvText.trim().split("\r\n").length > 21, "the export holds every page, not just the visible one");

  // Clicks: per-day chart, referrer and browser breakdowns.
  await dash.locator("button[data-tab=clicks]").click();
  await dash.locator(".rd-breakdown").first().waitFor();
  assert.equal(await dash.locator(".rd-breakdown").count(), 2);
  assert.ok((await dash.locator(".rd-breakdown").first().textContent()).includes("bestchange"));
  if (SHOTS) await page.screenshot({ path: SHOTS + "/dashboard-clicks.png", fullPage: true });

  // Payouts: request one, confirm explicitly, see it pending.
  await dash.locator("button[data-tab=payouts]").click();
  const payoutRows = dash.locator(".rd-payouts tbody tr");
  await payoutRows.first().waitFor();
  const before = await payoutRows.count();
  await dash.locator("#rd-method").selectOption("7");
  assert.equal(await dash.locator("dd[data-field=commission]").textContent(), "2%");
  assert.match(await dash.locator("dd[data-field=you-receive]").textContent(), /^\d+\.\d{2}$/);
  await dash.locator("#rd-account").fill("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE");
  await dash.locator(".rd-request button[type=submit]").click();
  await dash.locator(".rd-confirm").waitFor();
  assert.equal(await dash.locator(".rd-confirm dd[data-field=account]").textContent(), "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE");
  await dash.locator("#rd-payout-password").fill(PASSWORD);
  await dash.locator(".rd-confirm-button").click();
  await dash.locator(".rd-success").waitFor();
  assert.match(await dash.locator(".rd-success").textContent(), /^Payout requested #\d+/);
  await page.waitForFunction((n) => {
    const root = document.querySelector("ratelink-dashboard").shadowRoot;
    return root.querySelectorAll(".rd-payouts tbody tr").length === n + 1;
  }, before);
  assert.equal(await payoutRows.first().locator(".rd-status").textContent(), "pending");
  assert.equal(await payoutRows.first().locator("td").nth(3).textContent(), "•••• bLSE");
  // The whole balance went out: a new request is disabled, with the reason shown.
  await dash.locator("#rd-payout-reason").waitFor();
  assert.equal(await dash.locator(".rd-request button.rd-primary").isDisabled(), true);
  assert.equal(await dash.locator("#rd-payout-reason").textContent(), "There is nothing to pay out yet.");
  if (SHOTS) await page.screenshot({ path: SHOTS + "/dashboard-payouts.png", fullPage: true });

  // Russian.
  await page.evaluate(() => document.querySelector("ratelink-dashboard").setAttribute("lang", "ru"));
  await dash.locator("button[data-tab=payouts]", { hasText: "Выплаты" }).waitFor();

  if (SHOTS) await page.screenshot({ path: SHOTS + "/dashboard.png", fullPage: true });

  // The key is in no response the page received, no markup, no storage.
  const html = await page.evaluate(() => document.documentElement.outerHTML + document.querySelector("ratelink-dashboard").shadowRoot.innerHTML);
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(bodies.length > 10, "responses were recorded");
  for (const b of bodies) {
    assert.ok(!b.body.includes(KEY) && !b.headers.includes(KEY), "key in response from " + b.url);
  }
  assert.ok(!html.includes(KEY));
  assert.ok(!storage.includes(KEY));
  assert.ok(!storage.includes("ratelink_dashboard="), "the session cookie is HttpOnly");

  // Log out: back to the login form; the API refuses without a session.
  await dash.locator("button.rd-logout").click();
  await dash.locator("#rd-password").waitFor();
  const status = await page.evaluate(async () => (await fetch("/partner/summary")).status);
  assert.equal(status, 401);
  assert.deepEqual(problems.filter((p) => !p.includes("401") && !p.includes("Unauthorized")), []);
  await context.close();
});

test("direct mode warns and keeps the key out of the page", async () => {
  const { context, page } = await open();
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("button.rd-link-button").click();
  const warning = await dash.locator(".rd-warning").textContent();
  assert.match(warning, /memory/);
  await dash.locator("#rd-endpoint").fill("http://example.com/api.html");
  await dash.locator("#rd-key").fill("typed-secret-key-123");
  await dash.locator("form[part=direct] button[type=submit]").click();
  await dash.locator(".rd-error-text").waitFor();
  assert.match(await dash.locator(".rd-error-text").textContent(), /https/);
  assert.equal(await dash.locator("#rd-key").inputValue(), "", "the key field is cleared at once");
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  assert.ok(!storage.includes("typed-secret-key-123"));
  await context.close();
});

test("a key attribute in markup is refused", async () => {
  const { context, page } = await open();
  await page.evaluate(() => {
    const el = document.createElement("ratelink-dashboard");
    el.id = "bad";
    el.setAttribute("api-key", "x");
    document.body.append(el);
  });
  await page.locator("#bad .rd-error").waitFor();
  assert.match(await page.locator("#bad .rd-error").textContent(), /never be put in page markup/);
  await context.close();
});

test("direct mode against a CORS-enabled partner API (routed in the browser from fixtures)", async () => {
  const fs = await import("node:fs");
  const fixture = (name) => fs.readFileSync(new URL("../../crates/core/tests/fixtures/partner/" + name, import.meta.url), "utf8");
  const { context, page, problems } = await openPage(browser);
  // The demo page's CSP allows only its own origin; direct mode needs the exchanger's origin too.
  await context.route(BASE + "/dashboard.html", async (route) => {
    const resp = await route.fetch();
    const body = (await resp.text()).replace("connect-src 'self';", "connect-src 'self' https://partner.test;");
    await route.fulfill({ response: resp, body });
  });
  const seen = [];
  await context.route("https://partner.test/**", async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    seen.push({ method: req.method(), query: url.search, body: req.postData() || "" });
    const cors = { "access-control-allow-origin": "*", "content-type": "application/json" };
    if (req.method() === "OPTIONS") return route.fulfill({ status: 204, headers: { ...cors, "access-control-allow-headers": "*" } });
    const method = url.searchParams.get("method");
    const files = { get_info: "premium_get_info.json", get_exchanges: "premium_get_exchanges.json", get_payouts: "premium_get_payouts.json", get_links: "premium_get_links.json" };
    await route.fulfill({ status: 200, headers: cors, body: fixture(files[method] ?? "pp_error_key.json") });
  });
  await page.goto(BASE + "/dashboard.html");
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("button.rd-link-button").click();
  await dash.locator("#rd-endpoint").fill("https://partner.test/api.html");
  await dash.locator("#rd-key").fill("typed-direct-key-456");
  await dash.locator("form[part=direct] button[type=submit]").click();
  const balance = dash.locator(".rd-card[data-field=balance] .rd-card-value");
  const failed = dash.locator(".rd-error-text");
  await balance.or(failed).waitFor();
  assert.equal(await failed.count(), 0, "direct mode failed: " + (await failed.count() ? await failed.textContent() : "") + " " + JSON.stringify(seen) + JSON.stringify(problems));
  assert.equal(await balance.textContent(), "241.57 USD");
  await dash.locator(".rd-warning-small").waitFor();

  await dash.locator("button[data-tab=exchanges]").click();
  await dash.locator(".rd-empty").waitFor();
  // The fixture's exchanges are from 2023: widen the range to see them.
  await dash.locator("input[name=from]").fill("2023-01-01");
  await dash.locator("input[name=from]").dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector("ratelink-dashboard").shadowRoot.querySelectorAll(".rd-exchanges tbody tr").length === 3);

  const info = seen.find((s) => s.query.includes("method=get_info"));
  assert.ok(info.query.includes("api_key=typed-direct-key-456"), "pp takes the key in the query string");
  const ex = seen.filter((s) => s.query.includes("method=get_exchanges")).at(-1);
  assert.equal(ex.method, "POST");
  assert.match(ex.body, /^start_time=\d+&end_time=\d+$/, "Premium filters in the POST body");

  const exposed = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href
    + document.documentElement.outerHTML + document.querySelector("ratelink-dashboard").shadowRoot.innerHTML);
  assert.ok(!exposed.includes("typed-direct-key-456"), "the key is in no storage, URL or markup");
  await page.reload();
  await dash.locator("#rd-password").waitFor();
  await context.close();
});

test("an upstream error shows the reason and a retry that recovers", async () => {
  const { context, page } = await open();
  const dash = page.locator("ratelink-dashboard");
  await login(page);
  await dash.locator(".rd-card[data-field=balance]").waitFor();
  let failing = true;
  await context.route("**/partner/clicks?*", (route) => failing
    ? route.fulfill({ status: 502, contentType: "application/json", body: '{"error":"rejected","message":"rejected by the partner API: Api disabled"}' })
    : route.continue());
  await dash.locator("button[data-tab=clicks]").click();
  const error = dash.locator(".rd-error[part=error]");
  await error.waitFor();
  assert.equal(await error.locator("p").textContent(), "rejected by the partner API: Api disabled");
  failing = false;
  await error.locator("button").click();
  await dash.locator(".rd-breakdown").first().waitFor();
  assert.equal(await error.count(), 0);
  await context.close();
});
