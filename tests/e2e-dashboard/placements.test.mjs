// The dashboard's Placements tab against `ratelink-relay demo` (whose demo partner's clicks carry
// widget placements): the table is GET /partner/placements sorted by reward, choosing a
// placement shows its pairs, the CSV holds the table, the labels turn Russian; an API without
// clicks (the relay's 501 on iEXExchanger v2) shows a clear "not supported" state.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage } from "../e2e/lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const PASSWORD = process.env.RATELINK_E2E_PASSWORD;
const SHOTS = process.env.RATELINK_E2E_SHOTS;
assert.ok(BASE && PASSWORD, "run through scripts/test-dashboard.sh");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openPlacements(options = {}) {
  const opened = await openPage(browser, { acceptDownloads: true, ...options });
  await opened.page.goto(BASE + "/dashboard.html");
  const dash = opened.page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").fill(PASSWORD);
  await dash.locator("form[part=login] button[type=submit]").click();
  await dash.locator(".rd-card[data-field=balance]").waitFor();
  await dash.locator("button[data-tab=placements]").click();
  return { ...opened, dash };
}

/** The dashboard's default window (the last 30 UTC days, today included), as the relay takes it. */
function last30Days() {
  const today = Math.floor(Date.now() / 86400000);
  return { from: (today - 29) * 86400, to: today * 86400 + 86399 };
}

const rewardOf = (text) => Number(text.replace(/[^\d.]/g, ""));

test("placements: sorted by reward, a placement's pairs, CSV, Russian labels", async () => {
  const { context, page, problems, dash } = await openPlacements();
  const rows = dash.locator(".rd-placements tbody tr[data-placement]");
  await rows.first().waitFor();
  const w = last30Days();
  // The relay's answer for the same window, read with the page's session.
  const report = await page.evaluate(async (q) =>
    (await fetch(`/partner/placements?from=${q.from}&to=${q.to}`, { headers: { accept: "application/json" } })).json(), w);
  assert.ok(report.items.length >= 4, JSON.stringify(report));

  const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({
    placement: tr.dataset.placement,
    cells: [...tr.querySelectorAll("td")].map((td) => td.textContent.trim()),
  })));
  const byReward = [...report.items].sort((a, b) => Number(b.reward) - Number(a.reward));
  assert.deepEqual(shown.map((r) => r.placement), byReward.map((i) => i.placement ?? ""));
  const rewards = shown.map((r) => rewardOf(r.cells[5]));
  assert.deepEqual(rewards, [...rewards].sort((a, b) => b - a), "highest reward first");
  for (const [i, item] of byReward.entries()) {
    const [name, clicks, visitors, exchanges, done, reward, conversion] = shown[i].cells;
    assert.equal(name, item.placement ?? "(no placement)");
    assert.deepEqual([clicks, visitors, exchanges, done].map(Number), [item.clicks, item.visitors, item.exchanges, item.done]);
    assert.equal(rewardOf(reward), Number(item.reward));
    assert.equal(conversion, item.conversion === null ? "—" : `${item.conversion}%`);
  }
  // Conversion bars: the best converting placement's bar is full, the others in proportion.
  const bars = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector(".rd-meter-fill").getAttribute("width"))));
  const best = Math.max(...byReward.map((i) => Number(i.conversion ?? 0)));
  byReward.forEach((item, i) => assert.ok(Math.abs(bars[i] - Number(item.conversion ?? 0) * 100 / best) < 0.11, `bar ${i}: ${bars[i]}`));
  assert.equal(Math.max(...bars), 100);
  assert.match(await dash.locator("[part=unattributed]").textContent(), new RegExp(`^Exchanges without a click: ${report.unattributed.exchanges}, reward ${report.unattributed.reward}`));

  // The first row is chosen: its pairs show. Choosing another shows that one's.
  const pairsOf = async (placement) => {
    const heading = `Pairs: ${placement ?? "(no placement)"}`;
    await dash.locator("[part=pairs] h3", { hasText: heading }).waitFor();
    const got = await dash.locator("[part=pairs] tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
    const want = report.pairs.filter((p) => p.placement === placement);
    assert.equal(got.length, want.length, heading);
    for (const p of want) {
      const label = p.from || p.to ? `${p.from ?? "?"} → ${p.to ?? "?"}` : "(no pair)";
      assert.ok(got.some((r) => r[0] === label && Number(r[1]) === p.clicks && Number(r[2]) === p.exchanges),
        `${heading}: ${label} ${p.clicks} ${p.exchanges} in ${JSON.stringify(got)}`);
    }
  };
  await pairsOf(byReward[0].placement);
  assert.equal(await rows.nth(0).locator("button.rd-pick").getAttribute("aria-pressed"), "true");
  const article = byReward.findIndex((i) => i.placement === "article-usdt-btc");
  assert.ok(article >= 0, "the demo's article placement is listed");
  await rows.nth(article).locator("button.rd-pick").click();
  await pairsOf("article-usdt-btc");
  assert.equal(await rows.nth(article).locator("button.rd-pick").getAttribute("aria-pressed"), "true");
  assert.equal(await rows.nth(article).getAttribute("class"), "rd-selected");
  assert.ok(await dash.locator("[part=pairs] td", { hasText: "USDTTRC20 → BTC" }).count() > 0);

  // CSV: the table, row for row.
  const [download] = await Promise.all([page.waitForEvent("download"), dash.locator(".rd-placements button.rd-export").click()]);
  assert.match(download.suggestedFilename(), /^placements_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.replace(/^\ufeff/, "").trimEnd().split("\r\n");
  assert.equal(lines[0], "placement,clicks,visitors,exchanges,done,reward,conversion");
  assert.equal(lines.length, report.items.length + 1);
  for (const item of report.items) {
    const line = [item.placement ?? "", item.clicks, item.visitors, item.exchanges, item.done, item.reward, item.conversion ?? ""].join(",");
    assert.ok(lines.includes(line), `${line} in\n${csv}`);
  }
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/placements-en.png`, fullPage: true });

  // Russian.
  await page.evaluate(() => document.querySelector("ratelink-dashboard").setAttribute("lang", "ru"));
  await dash.locator("button[data-tab=overview]", { hasText: "Обзор" }).waitFor();
  await dash.locator("button[data-tab=placements]", { hasText: "Размещения" }).click();
  await dash.locator(".rd-placements tbody tr").first().waitFor();
  assert.deepEqual(await dash.locator(".rd-placements table[part~=placements] thead th").allTextContents(),
    ["Размещение", "Переходы", "Посетители", "Обмены", "Завершено", "Вознаграждение", "Конверсия"]);
  assert.match(await dash.locator("[part=unattributed]").textContent(), /^Обмены без перехода: /);
  await dash.locator("[part=pairs] h3", { hasText: /^Пары: / }).waitFor();
  assert.equal(await dash.locator(".rd-placements button.rd-export").textContent(), "Выгрузить CSV");
  assert.ok(await dash.locator(".rd-placements button.rd-pick", { hasText: "(без размещения)" }).count() === 1);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/placements-ru.png`, fullPage: true });
  assert.deepEqual(problems.filter((p) => !/status of 401 .*\/partner\/summary\]$/.test(p)), []);
  await context.close();
});

test("placements on an API without clicks: the relay's 501 shows a clear not-supported state", async () => {
  const opened = await openPage(browser);
  await opened.context.route("**/partner/placements?*", (r) => r.fulfill({
    status: 501, contentType: "application/json",
    body: JSON.stringify({ error: "not_supported", message: "iEXExchanger API v2 does not report clicks" }),
  }));
  await opened.page.goto(BASE + "/dashboard.html");
  const dash = opened.page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").fill(PASSWORD);
  await dash.locator("form[part=login] button[type=submit]").click();
  await dash.locator("button[data-tab=placements]").click();
  const note = dash.locator(".rd-unsupported");
  await note.waitFor();
  assert.equal(await note.textContent(),
    "Placements are not supported by this exchanger's API: it does not report clicks, so exchanges cannot be traced to a widget.");
  assert.equal(await dash.locator(".rd-placements, .rd-error").count(), 0, "no table and no retry error");
  await opened.page.evaluate(() => document.querySelector("ratelink-dashboard").setAttribute("lang", "ru"));
  await dash.locator("button[data-tab=placements]", { hasText: "Размещения" }).click();
  await dash.locator(".rd-unsupported", { hasText: "Размещения не поддерживаются API этого обменника" }).waitFor();
  await opened.context.close();
});
