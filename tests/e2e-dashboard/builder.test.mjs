// The dashboard's widget builder, as a partner uses it: log in, open the Widget tab, choose feed,
// starting pair, theme, language, layout and placement; the preview (the real widget, loaded
// from the relay through the pinned loader) follows every choice; the code below it is the
// relay's GET /snippet answer, copied with the button. Pasted into a blank page on another
// origin under the CSP docs/embedding.md gives, the widget's go link carries the pair and
// utm_content=<placement>.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { launch, openPage } from "../e2e/lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const PASSWORD = process.env.RATELINK_E2E_PASSWORD;
const SHOTS = process.env.RATELINK_E2E_SHOTS;
assert.ok(BASE && PASSWORD, "run through scripts/test-dashboard.sh");

const FEED = "demo-json";
const PLACEMENT = "sidebar-top_2.v";

/** The policy docs/embedding.md tells partners to send, with this relay's origin in it. */
function documentedCsp() {
  const doc = readFileSync(new URL("../../docs/embedding.md", import.meta.url), "utf8");
  const line = /^Content-Security-Policy: (script-src 'self' https:\/\/RELAY .*)$/m.exec(doc);
  assert.ok(line, "docs/embedding.md gives the policy with https://RELAY");
  return line[1].replaceAll("https://RELAY", BASE);
}

let browser, partnerSite, server;
const pageHtml = new Map();
before(async () => {
  browser = await launch();
  // The partner's blank page, on another loopback origin, under the documented policy.
  server = createServer((req, res) => {
    const entry = pageHtml.get(new URL(req.url, "http://x").pathname);
    if (!entry) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": entry.csp });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>partner</title></head>` +
      `<body><h1>Partner page</h1>\n${entry.html}</body></html>`);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  partnerSite = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await browser?.close();
  server?.closeAllConnections?.();
  await new Promise((ok) => server ? server.close(ok) : ok());
});

/** A pair of the feed that is neither its first give currency nor that currency's first get one. */
async function pickPair() {
  const feed = await (await fetch(`${BASE}/feeds/${FEED}`)).json();
  const froms = [...new Set(feed.directions.map((d) => d.from))];
  for (const from of froms.slice(1)) {
    const tos = [...new Set(feed.directions.filter((d) => d.from === from).map((d) => d.to))];
    if (tos.length > 1) return { from, to: tos[1], firstTo: tos[0] };
  }
  throw new Error("the demo feed has no currency with two pairs");
}

test("the builder previews the real widget as chosen and copies the relay's snippet, which works on a blank page", async () => {
  const { context, page, problems } = await openPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
  await context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  await page.goto(BASE + "/dashboard.html");
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").fill(PASSWORD);
  await dash.locator("form[part=login] button[type=submit]").click();
  await dash.locator("button[data-tab=widget]").click();

  // The feeds are the relay's (GET /config).
  const config = await (await fetch(`${BASE}/config`)).json();
  await dash.locator("#rd-builder-feed option").first().waitFor({ state: "attached" });
  assert.deepEqual(await dash.locator("#rd-builder-feed option").allTextContents(), config.feeds.map((f) => f.name));
  // No date range on this tab: the builder does not depend on one.
  assert.equal(await dash.locator("[part=range]").count(), 0);

  const preview = dash.frameLocator("iframe[part=preview]");
  const go = preview.locator('ratelink-widget [part~="go"]');
  const root = preview.locator("ratelink-widget .rl-root");
  const code = dash.locator("textarea[part=builder-snippet]");
  const snippetOf = async (query) => (await fetch(`${BASE}/snippet?${query}`)).json();
  const codeIs = async (html) => page.waitForFunction(([el, want]) => el.value === want, [await code.elementHandle(), html]);
  // Until the preview's widget reads `feed` (its URL's end) and its go link carries `part`: each
  // choice is looked at in the preview before the next, as a partner does (a choice made while the
  // preview is still loading replaces that page and cancels its downloads).
  const previewShows = async (feed, part) => page.waitForFunction(([frameEl, f, p]) => {
    const widget = frameEl.contentDocument?.querySelector("ratelink-widget");
    const href = widget?.shadowRoot?.querySelector('[part~="go"]')?.getAttribute("href");
    return !!href && !!widget.getAttribute("feed")?.endsWith(f) && href.includes(p);
  }, [await dash.locator("iframe[part=preview]").elementHandle(), feed, part]);

  // At first: the first feed, the visitor's choice of pair, the widget's defaults.
  const first = await snippetOf(`feed=${config.feeds[0].name}`);
  await codeIs(first.html);
  await go.waitFor();
  assert.equal(await root.getAttribute("data-theme"), "auto");

  await dash.locator("#rd-builder-feed").selectOption(FEED);
  await previewShows(`/feeds/${FEED}`, "cur_from=");
  const pair = await pickPair();
  await dash.locator("#rd-builder-from").selectOption(pair.from);
  // Choosing what to give offers what it can be exchanged for, the first one chosen.
  assert.equal(await dash.locator("#rd-builder-to").inputValue(), pair.firstTo);
  await previewShows(`/feeds/${FEED}`, `cur_from=${pair.from}&cur_to=${pair.firstTo}`);
  await dash.locator("#rd-builder-to").selectOption(pair.to);
  await codeIs((await snippetOf(`feed=${FEED}&from=${pair.from}&to=${pair.to}`)).html);
  // The preview is the widget on that pair.
  await previewShows(`/feeds/${FEED}`, `cur_from=${pair.from}&cur_to=${pair.to}`);

  const frameBefore = await dash.locator("iframe[part=preview]").elementHandle();
  await dash.locator("#rd-builder-theme").selectOption("dark");
  await preview.locator('ratelink-widget .rl-root[data-theme="dark"]').waitFor();
  assert.ok(await frameBefore.evaluate((f) => f.isConnected), "the same frame shows the new code (not torn down)");
  await dash.locator("#rd-builder-lang").selectOption("ru");
  await go.filter({ hasText: /Обменять/ }).waitFor();
  await dash.locator("#rd-builder-layout").selectOption("compact");
  await preview.locator('ratelink-widget .rl-root[data-layout="compact"]').waitFor();
  // A bad placement is explained and asks the relay nothing.
  await dash.locator("#rd-builder-placement").fill("side bar");
  await dash.locator("#rd-builder-placement[aria-invalid=true]").waitFor();
  assert.match(await dash.locator("#rd-builder-placement-hint").textContent(), /1 to 64 characters/);
  await dash.locator("#rd-builder-placement").fill(PLACEMENT);

  const query = `feed=${FEED}&from=${pair.from}&to=${pair.to}&theme=dark&lang=ru&layout=compact&placement=${PLACEMENT}`;
  const want = await snippetOf(query);
  assert.match(want.html, new RegExp(`theme="dark" lang="ru" layout="compact" placement="${PLACEMENT.replaceAll(".", "\\.")}"`));
  await codeIs(want.html);
  assert.equal(await dash.locator("[part=builder-csp]").textContent(), want.csp);

  // The preview follows: dark, compact, Russian, and its go link carries the placement.
  await preview.locator('ratelink-widget .rl-root[data-layout="compact"]').waitFor();
  assert.equal(await root.getAttribute("data-theme"), "dark");
  await page.waitForFunction(([frameEl, placement]) => {
    const link = frameEl.contentDocument?.querySelector("ratelink-widget")?.shadowRoot?.querySelector('[part~="go"]');
    return link?.getAttribute("href")?.endsWith("&utm_content=" + placement);
  }, [await dash.locator("iframe[part=preview]").elementHandle(), PLACEMENT]);
  const href = new URL(await go.getAttribute("href"));
  assert.equal(href.searchParams.get("cur_from"), pair.from);
  assert.equal(href.searchParams.get("cur_to"), pair.to);
  assert.match(await go.innerText(), /Обменять/);
  // It is the loader the relay pins, loaded with its integrity value.
  const script = preview.locator("script[type=module]");
  assert.match(await script.getAttribute("src"), new RegExp(`^${BASE}/ratelink\\.[0-9a-f]{10}\\.js$`));
  assert.match(await script.getAttribute("integrity"), /^sha384-/);

  // Compare layout: one widget over every feed of the relay (its /compare); the feed choice is
  // off, the pair and the rest stay; the preview lists the exchangers' offers, each link tagged.
  await dash.locator("#rd-builder-layout").selectOption("compare");
  const compared = await snippetOf(`layout=compare&from=${pair.from}&to=${pair.to}&theme=dark&lang=ru&placement=${PLACEMENT}`);
  assert.ok(compared.html.includes(`<ratelink-widget feed="${BASE}/compare" from="${pair.from}" to="${pair.to}"`), compared.html);
  assert.ok(!compared.html.includes(" exchanger="), compared.html);
  await codeIs(compared.html);
  assert.equal(await dash.locator("#rd-builder-feed").isDisabled(), true);
  assert.match(await dash.locator("#rd-builder-feed-why").textContent(), /compare/i);
  const offerLinks = preview.locator('ratelink-widget [part~="offer-go"]');
  await offerLinks.first().waitFor();
  const offerHrefs = await offerLinks.evaluateAll((els) => els.map((a) => a.getAttribute("href")));
  assert.ok(offerHrefs.length >= 1 && offerHrefs.every((h) => h.endsWith("&utm_content=" + PLACEMENT)), JSON.stringify(offerHrefs));
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/builder-compare.png`, fullPage: true });
  // Back to compact: the feed choice returns, and so does the code above.
  await dash.locator("#rd-builder-layout").selectOption("compact");
  await codeIs(want.html);
  assert.equal(await dash.locator("#rd-builder-feed").isDisabled(), false);
  await go.waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/builder-desktop.png`, fullPage: true });

  await dash.locator("button.rd-builder-copy").click();
  await dash.getByText("Copied").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, want.html);
  // The page first asks whether a session exists: a 401 before logging in is expected.
  assert.deepEqual(problems.filter((p) => !/status of 401 .*\/partner\/summary\]$/.test(p)), []);
  await context.close();

  // The copied code on a blank partner page under the documented policy.
  const csp = documentedCsp();
  assert.equal(csp, want.csp, "the builder shows the policy the docs give");
  pageHtml.set("/blank.html", { html: copied, csp });
  const site = await openPage(browser);
  await site.context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  await site.page.goto(partnerSite + "/blank.html");
  await site.page.waitForFunction(() => window.__rlEvents.some((e) => e.type === "ratelink:ready"), null, { timeout: 60000 });
  const link = site.page.locator('ratelink-widget [part~="go"]');
  const [exchanger] = await Promise.all([site.context.waitForEvent("page"), link.click()]);
  await exchanger.waitForURL(/exchanger\.example/);
  const landed = new URL(exchanger.url());
  assert.equal(landed.searchParams.get("utm_content"), PLACEMENT);
  assert.equal(landed.searchParams.get("cur_from"), pair.from);
  assert.equal(landed.searchParams.get("cur_to"), pair.to);
  assert.equal(landed.pathname, "/ref/demo42/");
  assert.deepEqual(site.problems, [], "no CSP violation, integrity error or console error");
  await site.context.close();
});

test("the builder at 390 px: fields stack, the preview fits, the page never scrolls sideways", async () => {
  const { context, page } = await openPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(BASE + "/dashboard.html");
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").fill(PASSWORD);
  await dash.locator("form[part=login] button[type=submit]").click();
  await dash.locator("button[data-tab=widget]").click();
  await dash.locator("#rd-builder-layout").selectOption("compact");
  await dash.frameLocator("iframe[part=preview]").locator('ratelink-widget .rl-root[data-layout="compact"] [part~="go"]').waitFor();
  // The frame grows to its page: the whole widget shows, the go button included.
  await page.waitForFunction(() => {
    const frame = document.querySelector("ratelink-dashboard").shadowRoot.querySelector("iframe[part=preview]");
    const go = frame.contentDocument?.querySelector("ratelink-widget")?.shadowRoot?.querySelector('[part~="go"]');
    return go && go.getBoundingClientRect().bottom > 0
      && go.getBoundingClientRect().bottom <= frame.getBoundingClientRect().height;
  });
  const box = await page.evaluate(() => {
    const root = document.querySelector("ratelink-dashboard").shadowRoot;
    const r = (sel) => root.querySelector(sel).getBoundingClientRect();
    return { frame: r("iframe[part=preview]"), feed: r("#rd-builder-feed"), theme: r("#rd-builder-theme"),
      pageWidth: document.documentElement.scrollWidth };
  });
  assert.ok(box.pageWidth <= 390, `no sideways scroll (${box.pageWidth} px)`);
  assert.ok(box.frame.right <= 390 && box.frame.width > 250, `the preview fits: ${JSON.stringify(box.frame)}`);
  assert.ok(box.theme.top > box.feed.top, "the fields stack on a phone");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/builder-phone.png`, fullPage: true });
  await context.close();
});
