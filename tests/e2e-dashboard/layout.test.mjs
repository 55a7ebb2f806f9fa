// The partner dashboard on a phone (390 and 360 px wide) and its accessibility, against
// `ratelink-relay demo`: table cells and headers never squeeze to a letter per line, all six
// tabs and log-out are shown (and tappable) without sideways scrolling, the overview's field
// labels stay on one line (1280 px too), the page never scrolls sideways, axe-core reports no
// serious or critical violation on any view in English and Russian (the placements table and
// the widget builder with its preview included), and the payout dialog asks
// for the password, sends it in the JSON body and keeps the form on a 403.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch, openPage } from "../e2e/lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const PASSWORD = process.env.RATELINK_E2E_PASSWORD;
const SHOTS = process.env.RATELINK_E2E_SHOTS;
assert.ok(BASE && PASSWORD, "run through scripts/test-dashboard.sh");

// axe-core comes from tests/e2e/node_modules (pinned in tests/e2e/package.json and its lock).
const require = createRequire(new URL("../e2e/package.json", import.meta.url));
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const PHONE = { width: 390, height: 844 };
const TABS = {
  overview: "svg.rd-chart",
  clicks: ".rd-breakdown",
  exchanges: ".rd-exchanges tbody tr",
  payouts: ".rd-payouts tbody tr",
  placements: ".rd-placements tbody tr",
  // The builder: its preview frame holds the real widget, which axe checks too.
  widget: "iframe[part=preview]",
};

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Opens the dashboard at phone size. The relay's summary is given a balance to pay out: the
 * other test file already paid the demo's whole balance, and the payout form needs one.
 */
async function openPhone(viewport = PHONE) {
  const opened = await openPage(browser, { viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await opened.context.route("**/partner/summary", async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    if (response.status() === 200) json.balance = { amount: "120.00", code: "USD" };
    await route.fulfill({ response, json });
  });
  await opened.page.goto(BASE + "/dashboard.html");
  return opened;
}

async function login(page) {
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").fill(PASSWORD);
  await dash.locator("form[part=login] button[type=submit]").click();
  await dash.locator(".rd-card[data-field=balance]").waitFor();
}

/**
 * Serious and critical axe-core violations on the page (shadow roots included). axe adds a
 * <style> while it measures, which the page's CSP blocks: those reports, made during the run,
 * are dropped from `problems`; anything else stays.
 */
async function axeViolations(page, problems) {
  const before = problems.length;
  // Injected through the DevTools protocol: the demo page's CSP allows no inline script.
  // In every frame (the builder's preview is one), so axe looks inside them as well.
  for (const frame of page.frames()) {
    if (!(await frame.evaluate(() => typeof window.axe === "object"))) await frame.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => [n.target.join(" >>> "), n.failureSummary].join(": ")).slice(0, 5),
    }));
  });
  const during = problems.splice(before);
  problems.push(...during.filter((p) => !/style-src|Applying inline style/.test(p)));
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/**
 * Every table cell and header of the current view: its text fits on one line and its box is at
 * least as wide as its widest word (the bug was one letter per line at 390 px).
 */
async function tableCells(page) {
  return page.evaluate(() => {
    const root = document.querySelector("ratelink-dashboard").shadowRoot;
    const canvas = document.createElement("canvas").getContext("2d");
    const cells = [...root.querySelectorAll(".rd-table-wrap :is(th, td)")];
    return cells.filter((c) => c.textContent.trim() !== "").map((cell) => {
      const style = getComputedStyle(cell);
      canvas.font = style.font;
      const widest = Math.max(...cell.textContent.trim().split(/\s+/).map((w) => canvas.measureText(w).width));
      const content = cell.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const range = document.createRange();
      range.selectNodeContents(cell);
      const fontSize = parseFloat(style.fontSize);
      return {
        tag: cell.tagName, text: cell.textContent.trim(),
        width: content, widest,
        lines: range.getBoundingClientRect().height / (fontSize * 1.25),
      };
    });
  });
}

async function assertNoSqueezedCells(page, where) {
  const cells = await tableCells(page);
  assert.ok(cells.length > 5, `${where}: table cells found`);
  assert.ok(cells.some((c) => c.tag === "TH"), `${where}: headers found`);
  for (const c of cells) {
    assert.ok(c.width + 1 >= c.widest, `${where}: ${c.tag} "${c.text}" is ${c.width.toFixed(1)} px for a ${c.widest.toFixed(1)} px word`);
    assert.ok(c.lines < 2, `${where}: ${c.tag} "${c.text}" wraps onto ${c.lines.toFixed(1)} lines`);
  }
}

/**
 * Where every tab, the tab bar and log-out are, as the partner sees them without scrolling: each
 * box, whether the point at a tab's centre is that tab (nothing covers it, no scrolling frame
 * clips it), the number of lines of each label, and how far the bar and the page scroll sideways.
 */
async function tabBar(page) {
  return page.evaluate(() => {
    const root = document.querySelector("ratelink-dashboard").shadowRoot;
    const rect = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }; };
    const lines = (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    };
    const hit = (el) => {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      return x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && root.elementFromPoint(x, y) === el;
    };
    const nav = root.querySelector(".rd-tabs");
    const logout = root.querySelector(".rd-logout");
    nav.scrollIntoView({ block: "nearest" });
    return {
      tabs: [...root.querySelectorAll(".rd-tab")].map((t) => ({ name: t.dataset.tab, ...rect(t), lines: lines(t), hit: hit(t) })),
      logout: { ...rect(logout), lines: lines(logout), hit: hit(logout) },
      nav: rect(nav), navScroll: nav.scrollWidth - nav.clientWidth,
      viewport: { width: innerWidth, height: innerHeight },
      pageWidth: document.documentElement.scrollWidth,
    };
  });
}

/**
 * Every one of the six tabs is whole inside the viewport and the tab bar, clickable where it is
 * shown (the bug at 360 px: four tabs sat in a strip that scrolled sideways with no hint), each
 * label on one line; log-out is shown too; neither the bar nor the page scrolls sideways.
 */
async function assertEveryTabShown(page, where) {
  const bar = await tabBar(page);
  assert.equal(bar.tabs.length, 6, `${where}: six tabs`);
  for (const t of bar.tabs) {
    assert.ok(t.left >= 0 && t.right <= bar.viewport.width + 0.5, `${where}: tab ${t.name} within the viewport's width (${t.left.toFixed(1)}..${t.right.toFixed(1)} of ${bar.viewport.width})`);
    assert.ok(t.left >= bar.nav.left - 0.5 && t.right <= bar.nav.right + 0.5, `${where}: tab ${t.name} inside the tab bar, not scrolled out of it`);
    assert.ok(t.hit, `${where}: tab ${t.name} is the element at its own centre (visible, not clipped or covered)`);
    assert.equal(t.lines, 1, `${where}: tab ${t.name}'s label on one line`);
  }
  assert.ok(bar.navScroll <= 1, `${where}: the tab bar does not scroll sideways (${bar.navScroll} px hidden)`);
  assert.ok(bar.logout.hit && bar.logout.right <= bar.viewport.width + 0.5, `${where}: log-out shown`);
  assert.equal(bar.logout.lines, 1, `${where}: log-out label on one line`);
  assert.ok(bar.pageWidth <= bar.viewport.width, `${where}: the page does not scroll sideways (${bar.pageWidth} px)`);
  return bar;
}

test("at 390 px: every tab shown, readable tables; axe-core clean on every view in both languages", async () => {
  const { context, page, problems } = await openPhone();
  const dash = page.locator("ratelink-dashboard");
  await dash.locator("#rd-password").waitFor();
  assert.deepEqual(await axeViolations(page, problems), [], "login form (en)");
  await login(page);

  for (const lang of ["en", "ru"]) {
    if (lang === "ru") {
      await page.evaluate(() => document.querySelector("ratelink-dashboard").setAttribute("lang", "ru"));
      await dash.locator("button[data-tab=overview]", { hasText: "Обзор" }).waitFor();
    }
    for (const [tab, ready] of Object.entries(TABS)) {
      await dash.locator(`button[data-tab=${tab}]`).click();
      await dash.locator(ready).first().waitFor();
      const where = `${tab} (${lang})`;
      await assertEveryTabShown(page, where);
      if (tab === "widget") {
        await dash.frameLocator("iframe[part=preview]").locator('ratelink-widget [part~="go"]').waitFor();
      } else if (tab !== "overview") {
        await assertNoSqueezedCells(page, where);
      }
      assert.deepEqual(await axeViolations(page, problems), [], where);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-${tab}-${lang}.png`, fullPage: true });
    }
  }
  // The payouts headers that used to wrap per letter, by name.
  await dash.locator("button[data-tab=payouts]").click();
  await dash.locator(TABS.payouts).first().waitFor();
  const heads = await dash.locator(".rd-payouts thead th").allTextContents();
  assert.deepEqual(heads, ["Дата", "Сумма", "Способ", "Счёт", "Статус"]);

  // The confirmation dialog, with its password field.
  await dash.locator("#rd-account").fill("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE");
  await dash.locator(".rd-request button[type=submit]").click();
  await dash.locator("#rd-payout-password").waitFor();
  assert.deepEqual(await axeViolations(page, problems), [], "payout confirmation (ru)");

  await dash.locator("button.rd-logout").click();
  await dash.locator("#rd-password").waitFor();
  assert.deepEqual(await axeViolations(page, problems), [], "login form (ru)");
  // Only the session check before logging in answers 401.
  assert.deepEqual(problems.filter((p) => !/status of 401 .*\/partner\/summary/.test(p)), []);
  // Let a summary answer still being rewritten finish before the context goes away.
  await context.unrouteAll({ behavior: "wait" });
  await context.close();
});

test("at 360 px every tab is shown within the viewport and a tap on it opens it, in both languages", async () => {
  const { context, page, problems } = await openPhone({ width: 360, height: 740 });
  const dash = page.locator("ratelink-dashboard");
  await login(page);
  for (const lang of ["en", "ru"]) {
    if (lang === "ru") {
      await page.evaluate(() => document.querySelector("ratelink-dashboard").setAttribute("lang", "ru"));
      await dash.locator("button[data-tab=overview]", { hasText: "Обзор" }).waitFor();
      await dash.locator("button[data-tab=overview]").click();
    }
    for (const [tab, ready] of Object.entries(TABS)) {
      // Where the tab is before anything scrolls: a click through Playwright's locator would
      // scroll a hidden tab into view first, so the tap goes to the point the partner sees.
      const bar = await assertEveryTabShown(page, `360 px, ${lang}, before ${tab}`);
      const target = bar.tabs.find((t) => t.name === tab);
      await page.mouse.click((target.left + target.right) / 2, (target.top + target.bottom) / 2);
      await dash.locator(`button[data-tab=${tab}][aria-selected=true]`).waitFor({ timeout: 5000 });
      await dash.locator(ready).first().waitFor();
    }
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone360-tabs-${lang}.png` });
  }
  assert.deepEqual(problems.filter((p) => !/status of 401 .*\/partner\/summary/.test(p)), []);
  await context.unrouteAll({ behavior: "wait" });
  await context.close();
});

/**
 * The label texts of the inline fields on the overview (Feed, Give, Get of the embed form, the
 * pair link's codes, the range's From and To): how many lines each text takes and whether it is
 * as wide as the text itself (the bug: "Feed" broken into "Fee" and "d").
 */
async function inlineLabels(page) {
  return page.evaluate(() => {
    const root = document.querySelector("ratelink-dashboard").shadowRoot;
    const canvas = document.createElement("canvas").getContext("2d");
    return [...root.querySelectorAll("label.rd-inline")].map((label) => {
      const texts = [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== "");
      const range = document.createRange();
      range.setStartBefore(texts[0]);
      range.setEndAfter(texts.at(-1));
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const style = getComputedStyle(label);
      canvas.font = style.font;
      const text = texts.map((n) => n.textContent).join("").trim();
      return {
        text,
        lines: new Set(rects.map((r) => Math.round(r.top))).size,
        height: range.getBoundingClientRect().height,
        lineHeight: parseFloat(style.lineHeight),
        width: rects.reduce((w, r) => w + r.width, 0),
        natural: canvas.measureText(text).width,
      };
    });
  });
}

test("the overview's field labels (\"Feed\" and the others) stay on one line at 1280 and 360 px", async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    const { context, page, problems } = await openPhone(viewport);
    const dash = page.locator("ratelink-dashboard");
    await login(page);
    await dash.locator("#rd-embed-feed").waitFor();
    await dash.locator("textarea[part=snippet]").waitFor();
    for (const [lang, feed] of [["en", "Feed"], ["ru", "Курсы"]]) {
      if (lang === "ru") {
        await page.evaluate(() => document.querySelector("ratelink-dashboard").setAttribute("lang", "ru"));
        await dash.locator("label[for=rd-embed-feed]", { hasText: feed }).waitFor();
      }
      const labels = await inlineLabels(page);
      const where = `${viewport.width} px, ${lang}`;
      assert.ok(labels.some((l) => l.text === feed), `${where}: the ${feed} label is there: ${JSON.stringify(labels.map((l) => l.text))}`);
      assert.ok(labels.length >= 7, `${where}: every inline label found (${labels.length})`);
      for (const l of labels) {
        assert.equal(l.lines, 1, `${where}: "${l.text}" on ${l.lines} lines`);
        assert.ok(l.height < l.lineHeight * 1.5, `${where}: "${l.text}" is ${l.height.toFixed(1)} px high, one line is ${l.lineHeight.toFixed(1)} px`);
        assert.ok(l.width + 1 >= l.natural, `${where}: "${l.text}" squeezed to ${l.width.toFixed(1)} px of ${l.natural.toFixed(1)} px`);
      }
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/overview-labels-${viewport.width}-${lang}.png`, fullPage: true });
    }
    assert.deepEqual(problems.filter((p) => !/status of 401 .*\/partner\/summary/.test(p)), []);
    await context.unrouteAll({ behavior: "wait" });
    await context.close();
  }
});

test("the payout dialog sends the password in the JSON body; a 403 keeps the dialog with a clear message", async () => {
  const { context, page } = await openPhone();
  const dash = page.locator("ratelink-dashboard");
  const sent = [];
  let refuse = true;
  await context.route("**/partner/payouts", async (route) => {
    const req = route.request();
    if (req.method() !== "POST") return route.continue();
    sent.push({ body: req.postData(), type: req.headers()["content-type"], csrf: req.headers()["x-csrf-token"] });
    if (refuse) {
      return route.fulfill({ status: 403, contentType: "application/json", body: '{"error":"wrong_password","message":"wrong password"}' });
    }
    return route.fulfill({ status: 200, contentType: "application/json", body: '{"ok":true,"payout_id":"9001"}' });
  });
  await login(page);
  await dash.locator("button[data-tab=payouts]").click();
  await dash.locator("#rd-method").selectOption("7");
  await dash.locator("#rd-account").fill("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE");
  await dash.locator(".rd-request button[type=submit]").click();

  // Confirming without the password sends nothing and says why.
  await dash.locator(".rd-confirm-button").click();
  await dash.locator(".rd-confirm .rd-error-text").waitFor();
  assert.equal(await dash.locator(".rd-confirm .rd-error-text").textContent(), "Enter the dashboard password to confirm.");
  assert.equal(sent.length, 0);

  await dash.locator("#rd-payout-password").fill("not-the-password");
  await dash.locator(".rd-confirm-button").click();
  await dash.locator(".rd-confirm .rd-error-text", { hasText: "wrong password" }).waitFor();
  assert.equal(await dash.locator(".rd-confirm .rd-error-text").textContent(),
    "wrong password No payout was requested: check the password and confirm again.");
  assert.equal(sent.length, 1);
  assert.deepEqual(JSON.parse(sent[0].body), { method_id: "7", account: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", password: "not-the-password" });
  assert.match(sent[0].type, /^application\/json/);
  assert.ok(sent[0].csrf, "the CSRF token goes along");
  // The dialog and what was chosen stay; the password is to be typed again.
  assert.equal(await dash.locator(".rd-confirm dd[data-field=account]").textContent(), "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE");
  assert.equal(await dash.locator("#rd-payout-password").inputValue(), "");
  assert.equal(await dash.locator(".rd-success").count(), 0);

  refuse = false;
  await dash.locator("#rd-payout-password").fill(PASSWORD);
  await dash.locator(".rd-confirm-button").click();
  await dash.locator(".rd-success").waitFor();
  assert.match(await dash.locator(".rd-success").textContent(), /^Payout requested #9001/);
  assert.equal(JSON.parse(sent[1].body).password, PASSWORD);
  // Let a summary answer still being rewritten finish before the context goes away.
  await context.unrouteAll({ behavior: "wait" });
  await context.close();
});
