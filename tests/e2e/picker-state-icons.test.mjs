// End-to-end (issue 12): the picker opens wherever its box is clicked, `el.state()` and the
// events' details, currency icons after first render under the demo's strict CSP, and the
// first-fetch retry. The demo page served by `ratelink-relay demo` (scripts/test-widget-e2e.sh).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { eventually, launch, waitForEvent } from "./lib/browser.mjs";
import { mulDivDown, fromEnglish } from "./lib/decimal.mjs";
import { BASE, demo, unexpected, q, combo } from "./lib/demo.mjs";

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

const expanded = (page, host, side) => page.locator(combo(host, side)).getAttribute("aria-expanded");
const inputFocused = (page, host, side) => page.evaluate(([h, s]) => {
  const root = document.getElementById(h).shadowRoot;
  return root.activeElement === root.querySelector(`[part~="${s}"] input[role="combobox"]`);
}, [host, side]);
const selects = (page, host) => page.evaluate((h) =>
  window.__rlEvents.filter((e) => e.type === "ratelink:select" && e.id === h).map((e) => e.detail), host);

for (const width of [360, 1100]) {
  test(`a click anywhere in the give/get box opens the list, the chevron toggles it (${width} px)`, async () => {
    const { page, problems, context } = await demo(browser, { viewport: { width, height: 900 } });
    const host = "w-default";
    await waitForEvent(page, "ratelink:ready", host);
    // Get first: with the default pair (BTC → SBERRUB) both lists have options below the
    // current one, so two ArrowDowns reach another currency.
    for (const side of ["get", "give"]) {
      const opened = (want) => eventually(async () => (await expanded(page, host, side)) === want,
        `${side} aria-expanded=${want}`);
      // The centre of the part, as a visitor clicks a select-like box.
      await page.locator(q(host, `[part~="${side}"]`)).click();
      await opened("true");
      assert.ok(await inputFocused(page, host, side), `${side}: focus in the combobox after a centre click`);
      await page.keyboard.press("Escape");
      await opened("false");

      // The currency's name (it lets the pointer through to the box: click where it is drawn).
      const name = await page.locator(q(host, `[part~="${side}"] .rl-combo-name`)).boundingBox();
      assert.ok(name && name.width > 0, `${side}: the name is shown`);
      await page.mouse.click(name.x + name.width / 2, name.y + name.height / 2);
      await opened("true");
      await page.keyboard.press("Escape");
      await opened("false");

      // The chevron: a real button of the combobox pattern that toggles the listbox.
      const chevron = page.locator(q(host, `[part~="${side}"] button.rl-combo-toggle`));
      assert.equal(await chevron.getAttribute("tabindex"), "-1");
      assert.ok((await chevron.getAttribute("aria-label"))?.length > 0, "the chevron is labelled");
      assert.equal(await chevron.getAttribute("aria-controls"),
        await page.locator(combo(host, side)).getAttribute("aria-controls"));
      // It sits at the box's right edge, closed and open, whatever the code and name: a
      // visitor taps the same spot to open the list and to close it again.
      const box = page.locator(q(host, `[part~="${side}"] .rl-combo`));
      const atRightEdge = async (when) => {
        const gap = await box.evaluate((el) => el.getBoundingClientRect().left + el.clientLeft + el.clientWidth
          - el.querySelector(".rl-combo-toggle").getBoundingClientRect().right);
        assert.ok(Math.abs(gap) < 1, `${side}: the chevron ends at the box's right edge when ${when} (${gap} px short)`);
        return chevron.boundingBox();
      };
      const spot = await atRightEdge("closed");
      await page.mouse.click(spot.x + spot.width / 2, spot.y + spot.height / 2);
      await opened("true");
      assert.equal(await chevron.getAttribute("aria-expanded"), "true");
      assert.ok(await inputFocused(page, host, side), `${side}: focus in the combobox after the chevron`);
      await atRightEdge("open");
      await page.mouse.click(spot.x + spot.width / 2, spot.y + spot.height / 2);
      await opened("false");

      // Then the keyboard: centre click, ArrowDown, ArrowDown, Enter changes the pair.
      const before = await page.locator(combo(host, side)).inputValue();
      const seen = (await selects(page, host)).length;
      await page.locator(q(host, `[part~="${side}"]`)).click();
      await opened("true");
      const below = await page.evaluate(([h, s]) => {
        const opts = [...document.getElementById(h).shadowRoot.querySelectorAll(`[part~="${s}"] [role="option"]`)];
        return opts.length - 1 - opts.findIndex((o) => o.hasAttribute("data-active"));
      }, [host, side]);
      assert.ok(below >= 2, `${side}: the highlight starts on the current currency with ${below} options below`);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await opened("false");
      const chosen = await page.locator(combo(host, side)).inputValue();
      assert.notEqual(chosen, before, `${side}: the pair changed`);
      const after = await eventually(async () => {
        const all = await selects(page, host);
        return all.length > seen && all;
      }, "ratelink:select");
      assert.equal(after.at(-1)[side === "give" ? "from" : "to"], chosen);
    }
    assert.deepEqual(unexpected(problems), []);
    await context.close();
  });
}

test("el.state() returns the pair, amounts, rate, reserve, limits and staleness as a plain object", async () => {
  const { page, problems, context } = await demo(browser);
  const [ready] = await waitForEvent(page, "ratelink:ready", "w-default");
  assert.equal(typeof ready.detail.directions, "number");
  assert.ok(ready.detail.directions > 0);
  const feed = await (await fetch(`${BASE}/feeds/demo-xml`)).json();
  const d = feed.directions.find((x) => x.from === "BTC" && x.to === "SBERRUB" && !x.city);
  const state = () => page.evaluate(() => {
    const s = document.getElementById("w-default").state();
    return { plain: Object.getPrototypeOf(s) === Object.prototype, keys: Object.keys(s).sort(), s };
  });
  const first = await state();
  assert.equal(first.plain, true);
  assert.deepEqual(first.keys, ["amount_get", "amount_give", "exchanger", "from", "max", "min", "rate", "reserve", "stale", "to"]);
  // `exchanger` names the best offer's exchanger in the compare layout only.
  assert.equal(first.s.exchanger, null);
  assert.equal(first.s.from, "BTC");
  assert.equal(first.s.to, "SBERRUB");
  assert.equal(first.s.stale, false);
  const same = (a, b) => a !== null && b !== null && b !== undefined && Number(a) === Number(b);
  assert.ok(same(first.s.reserve, d.reserve), `reserve ${first.s.reserve} vs ${d.reserve}`);
  assert.ok(same(first.s.min, d.min ?? null) || (first.s.min === null && d.min == null), "min");
  assert.ok(same(first.s.max, d.max ?? null) || (first.s.max === null && d.max == null), "max");
  assert.ok(Math.abs(Number(first.s.rate) / (Number(d.out) / Number(d.in)) - 1) < 1e-9, `rate ${first.s.rate}`);

  const give = page.locator(q("w-default", 'input[part~="amount-give"]'));
  await give.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("0.01");
  const typed = await eventually(async () => {
    const s = (await state()).s;
    return s.amount_give === "0.01" && s;
  }, "amount_give 0.01");
  // What the visitor reads in the get field (fees included), not a recomputation.
  const shown = fromEnglish(await page.locator(q("w-default", 'input[part~="amount-get"]')).inputValue());
  assert.equal(Number(typed.amount_get), Number(shown));
  assert.ok(Number(typed.amount_get) <= Number(mulDivDown("0.01", d.out, d.in, 2)), "never above rate × amount");

  // setPair goes through serde too: strings are applied, anything else is refused loudly.
  await page.evaluate(() => document.getElementById("w-default").setPair("ETH", "SBERRUB"));
  await eventually(async () => (await state()).s.from === "ETH", "setPair applied");
  await page.evaluate(() => document.getElementById("w-default").setPair(1, {}));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  assert.equal((await state()).s.from, "ETH");
  const refused = problems.filter((p) => /setPair: from must be a currency code string/.test(p));
  assert.equal(refused.length, 1, JSON.stringify(problems));
  // The <div data-ratelink-widget> form has the same API.
  await page.locator("#w-allow").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:ready", "w-allow");
  const allow = await page.evaluate(() => document.getElementById("w-allow").state());
  assert.ok(["BTC", "ETH", "USDTTRC20", "SBERRUB", "TCSBRUB"].includes(allow.from), JSON.stringify(allow));
  assert.deepEqual(unexpected(problems).filter((p) => !refused.includes(p)), []);
  await context.close();
});

/** Whether every icon in `host` draws something (its `<use>` found a symbol in the sprite). */
const iconsDrawn = (page, host, sel) => page.evaluate(([h, s]) => {
  const icons = [...document.getElementById(h).shadowRoot.querySelectorAll(s)];
  return icons.length > 0 && icons.every((i) => {
    const box = i.getBoundingClientRect();
    const use = i.querySelector("use");
    return box.width >= 12 && box.height >= 12 && use.getBBox().width > 0;
  });
}, [host, sel]);

test("currency icons arrive after the first render, in pickers, list and rate line, under the CSP", async () => {
  let release;
  const gate = new Promise((ok) => { release = ok; });
  const sprites = [];
  const { page, problems, context } = await demo(browser, undefined, async ({ context: c }) => {
    await c.route("**/feeds/*/icons.*.svg", async (r) => {
      sprites.push(r.request().url());
      await gate;
      await r.continue();
    });
  });
  await waitForEvent(page, "ratelink:ready", "w-default");
  // Usable and complete without the sprite: nothing waits for it.
  assert.equal(await page.locator(q("w-default", ".rl-icon")).count(), 0);
  assert.ok(await page.locator(q("w-default", '[part~="rate"]')).isVisible());
  await eventually(() => sprites.length > 0, "the sprite request");
  for (const url of sprites) assert.match(url, /\/feeds\/demo-[a-z]+\/icons\.[0-9a-f]{12}\.svg$/);
  release();

  await eventually(() => iconsDrawn(page, "w-default", '[part~="give"] .rl-combo > .rl-icon'), "give icon");
  await eventually(() => iconsDrawn(page, "w-default", '[part~="get"] .rl-combo > .rl-icon'), "get icon");
  assert.equal(await page.locator(q("w-default", '[part~="rate"] .rl-icon')).count(), 2);
  assert.ok(await iconsDrawn(page, "w-default", '[part~="rate"] .rl-icon'));
  const symbols = await page.evaluate(() => {
    const root = document.getElementById("w-default").shadowRoot;
    return { btc: root.getElementById("rl-i-BTC")?.tagName, sber: root.getElementById("rl-i-SBERRUB")?.tagName };
  });
  assert.deepEqual(symbols, { btc: "symbol", sber: "symbol" });
  await page.locator(q("w-default", '[part~="give"]')).click();
  await page.locator(q("w-default", '[part~="give"] [role="option"] .rl-icon')).first().waitFor();
  assert.ok(await iconsDrawn(page, "w-default", '[part~="give"] [role="option"] .rl-icon'));
  await page.keyboard.press("Escape");

  // Dark theme: same icons, on the dark surface.
  await page.locator("#w-dark").scrollIntoViewIfNeeded();
  await waitForEvent(page, "ratelink:ready", "w-dark");
  await eventually(() => iconsDrawn(page, "w-dark", ".rl-combo > .rl-icon"), "dark theme icons");
  await page.locator("#w-dark").screenshot({ path: `${process.env.RATELINK_E2E_SHOTS ?? "/tmp"}/w-dark-icons.png` });
  await page.locator("#w-default").screenshot({ path: `${process.env.RATELINK_E2E_SHOTS ?? "/tmp"}/w-default-icons.png` });
  assert.deepEqual(unexpected(problems), [], "no CSP violation or error");
  await context.close();
});

test("a failed first fetch retries after 1 s, 2 s… and says so (en and ru)", async () => {
  const hits = { "demo-xml": [], "demo-txt": [] };
  const { page, problems, context } = await demo(browser, undefined, async ({ context: c }) => {
    for (const feed of Object.keys(hits)) {
      await c.route(`**/feeds/${feed}`, async (r) => {
        hits[feed].push(Date.now());
        if (hits[feed].length <= 2) {
          await r.fulfill({ status: 503, contentType: "application/json", body: '{"error":"feed unavailable"}' });
        } else {
          await r.continue();
        }
      });
    }
  });
  const retry = (host) => page.locator(q(host, ".rl-retry"));
  // The Russian instance mounts when scrolled near; both notes are watched from the start.
  await page.locator("#w-ru").scrollIntoViewIfNeeded();
  const note = (host) => eventually(() => page.evaluate((h) =>
    document.getElementById(h)?.shadowRoot?.querySelector(".rl-retry")?.textContent, host), `${host} retry note`);
  const [en, ru] = await Promise.all([note("w-default"), note("w-ru")]);
  assert.match(en, /^Trying again in [12] s…$/);
  assert.match(ru, /^Повторная попытка через [12] с…$/);
  await waitForEvent(page, "ratelink:ready", "w-ru");
  await waitForEvent(page, "ratelink:ready", "w-default");
  assert.equal(await retry("w-default").count(), 0, "the note goes with the error");
  assert.equal(await retry("w-ru").count(), 0);
  for (const feed of Object.keys(hits)) {
    const [a, b, c] = hits[feed];
    assert.ok(b - a >= 900 && c - b >= 1900, `${feed}: back-off 1 s then 2 s: ${b - a} ms, ${c - b} ms`);
  }
  const expected = (p) => /status of 503 .*\/feeds\/demo-(xml|txt)\]$/.test(p);
  assert.deepEqual(unexpected(problems).filter((p) => !expected(p)), []);
  await context.close();
});
