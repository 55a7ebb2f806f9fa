// The dashboard's "Put the widget on your site": the relay's snippet (GET /snippet, the code of
// `ratelink-relay snippet`) for the chosen feed and pair, with a copy button.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "../e2e/lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const PASSWORD = process.env.RATELINK_E2E_PASSWORD;
assert.ok(BASE && PASSWORD, "run through scripts/test-dashboard.sh");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const snippet = async (query) => (await fetch(`${BASE}/snippet?${query}`)).json();

test("the dashboard shows the relay's snippet for the feed and pair chosen, and copies it", async () => {
  const { context, page, problems } = await openPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
  await page.goto(BASE + "/dashboard.html");
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").fill(PASSWORD);
  await dash.locator("form[part=login] button[type=submit]").click();

  const code = dash.locator("textarea[part=snippet]");
  await code.waitFor();
  const feeds = await dash.locator("#rd-embed-feed option").allTextContents();
  assert.ok(feeds.includes("demo-xml") && feeds.includes("demo-json"), feeds.join(","));
  const first = await snippet(`feed=${feeds[0]}`);
  await page.waitForFunction(([el, html]) => el.value === html, [await code.elementHandle(), first.html]);

  // From here the answers for choices without a pair are held back, then let through after the
  // answer for the pair: a slow answer to an earlier choice must not replace the later one.
  const held = [];
  await page.route(`${BASE}/snippet?*`, (route) =>
    new URL(route.request().url()).searchParams.has("from") ? route.continue() : held.push(route));
  await dash.locator("#rd-embed-feed").selectOption("demo-json");
  await dash.locator("#rd-embed-from").fill("usdttrc20");
  await dash.locator("#rd-embed-to").fill("SBERRUB");
  const want = await snippet("feed=demo-json&from=USDTTRC20&to=SBERRUB");
  await page.waitForFunction(([el, html]) => el.value === html, [await code.elementHandle(), want.html]);
  assert.ok(held.length >= 1, "an earlier choice's answer was held back");
  const late = held.map((r) => page.waitForEvent("requestfinished", (q) => q === r.request()));
  for (const r of held) await r.continue();
  await Promise.all(late);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 100))));
  assert.equal(await code.inputValue(), want.html, "the late answers left the newest code");
  assert.equal(await dash.locator("[part=snippet-csp]").textContent(), want.csp);
  assert.match(want.html, /integrity="sha384-[A-Za-z0-9+/]{64}"/);

  await dash.getByRole("button", { name: "Copy the code" }).click();
  await dash.getByText("Copied").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want.html);
  // The page first asks whether a session exists: a 401 before logging in is expected.
  assert.deepEqual(problems.filter((p) => !/status of 401 .*\/partner\/summary\]$/.test(p)), []);
  await context.close();
});
