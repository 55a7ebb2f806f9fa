// The overview's charts against `ratelink-relay demo`: the three daily charts of one window share
// one day axis (the window's first to last day, days without records drawn as zero), and the
// earnings chart says it counts credited rewards; with the rewards it names as not credited yet
// it adds up to the Exchanges tab's reward for the same window.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "../e2e/lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const PASSWORD = process.env.RATELINK_E2E_PASSWORD;
const SHOTS = process.env.RATELINK_E2E_SHOTS;
assert.ok(BASE && PASSWORD, "run through scripts/test-dashboard.sh");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every chart of the view: title, Σ text, the note under it, the days on its axis, its bars. */
async function charts(page) {
  return page.evaluate(() => {
    const root = document.querySelector("ratelink-dashboard").shadowRoot;
    return [...root.querySelectorAll("figure.rd-chart-box")].map((fig) => {
      const caption = fig.querySelector("figcaption");
      const own = [...caption.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim();
      return {
        title: own,
        total: fig.querySelector(".rd-chart-total")?.textContent ?? "",
        note: fig.querySelector("[part=chart-note]")?.textContent ?? null,
        axis: [...fig.querySelectorAll(".rd-chart-days span")].map((s) => s.textContent),
        // Each bar's tooltip: "YYYY-MM-DD: value[ unit]".
        days: [...fig.querySelectorAll("rect.rd-bar-hit title")].map((t) => t.textContent.split(":")[0]),
        bars: fig.querySelectorAll("rect.rd-bar").length,
      };
    });
  });
}

/** Every day from `from` to `to` (`YYYY-MM-DD`, both included). */
function daysBetween(from, to) {
  const out = [];
  for (let d = Date.parse(from + "T00:00:00Z"); d <= Date.parse(to + "T00:00:00Z"); d += 86400000) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

/** Hundredths of a decimal text ("105.42" → 10542), exact. */
function cents(text) {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  assert.ok(m, `a money amount with at most two decimals: "${text}"`);
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Waits until the overview shows its three charts for the range now in the date fields. */
async function chartsOfRange(page, dash) {
  const from = await dash.locator("input[name=from]").inputValue();
  const to = await dash.locator("input[name=to]").inputValue();
  const want = daysBetween(from, to);
  await dash.locator("figure.rd-chart-box").nth(2).waitFor();
  // The charts of an earlier range may still be shown while the new one loads.
  await page.waitForFunction((n) => {
    const figs = document.querySelector("ratelink-dashboard").shadowRoot.querySelectorAll("figure.rd-chart-box");
    return figs.length === 3 && [...figs].some((f) => f.querySelectorAll("rect.rd-bar").length === n);
  }, want.length, { timeout: 20000 }).catch(() => {});
  return { want, list: await charts(page) };
}

test("the overview's daily charts share the window's day axis; earnings are the credited rewards and add up with the Exchanges tab", async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1280, height: 1000 } });
  await page.goto(BASE + "/dashboard.html");
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").fill(PASSWORD);
  await dash.locator("form[part=login] button[type=submit]").click();
  await dash.locator(".rd-card[data-field=balance]").waitFor();

  for (const preset of ["30 days", "7 days"]) {
    await dash.locator(".rd-chip", { hasText: preset }).click();
    await dash.locator(".rd-chip[aria-pressed=true]", { hasText: preset }).waitFor();
    const { want, list } = await chartsOfRange(page, dash);
    assert.equal(list.length, 3, `${preset}: clicks, exchanges and earnings charts`);
    for (const c of list) {
      const where = `${preset}, "${c.title}"`;
      assert.deepEqual(c.axis, [want[0], want.at(-1)], `${where}: the axis runs from the window's first day to its last`);
      assert.deepEqual(c.days, want, `${where}: one bar per day of the window, empty days included`);
      assert.equal(c.bars, want.length, `${where}: ${want.length} bars`);
    }
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/overview-charts-${preset.replace(" ", "")}.png`, fullPage: true });
  }

  // Back to 30 days: the earnings chart names what it counts, and adds up with the Exchanges tab.
  await dash.locator(".rd-chip", { hasText: "30 days" }).click();
  const { list } = await chartsOfRange(page, dash);
  const earnings = list[2];
  assert.match(earnings.title, /credited/i, "the earnings chart says it counts credited rewards");
  const earned = /^Σ ([\d.]+) USD$/.exec(earnings.total);
  assert.ok(earned, earnings.total);
  // The rewards of the window's exchanges not credited yet, named under the chart when there are any.
  let pending = 0;
  if (earnings.note !== null) {
    const m = /^Not credited yet: ([\d.]+) USD \(exchanges: (\d+)\)$/.exec(earnings.note);
    assert.ok(m, `the note under the earnings chart: "${earnings.note}"`);
    pending = cents(m[1]);
  }

  await dash.locator("button[data-tab=exchanges]").click();
  const totals = dash.locator(".rd-totals");
  await totals.waitFor();
  const text = await totals.textContent();
  const reward = /reward ([\d.]+) USD/.exec(text);
  assert.ok(reward, text);
  assert.equal(cents(earned[1]) + pending, cents(reward[1]),
    `earnings Σ ${earned[1]} + not credited yet ${(pending / 100).toFixed(2)} = the Exchanges tab's reward ${reward[1]}`);

  // Only the session check before logging in answers 401.
  assert.deepEqual(problems.filter((p) => !/status of 401 .*\/partner\/summary/.test(p)), []);
  await context.close();
});
