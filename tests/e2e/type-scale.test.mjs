// End-to-end (issue 15): the widget's type scale. Each distinct font size and weight the ready
// view draws text in is one more font the browser looks up and loads at its first layout (about
// 3 ms each on a phone-speed CPU; docs/performance.md, issue 15, eighth round), so the views keep
// to 1em and 0.8em at 400 and 600, inputs at 16px. Inputs below 16px make phones zoom the page
// when they take focus. The loader lays out every font the ready view needs while the app
// downloads, so that the ready view's first layout loads none. The demo page
// served by `ratelink-relay demo` (scripts/test-widget-e2e.sh).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, waitForEvent } from "./lib/browser.mjs";
import { BASE, demo, unexpected, combo } from "./lib/demo.mjs";

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** The fonts (size/weight/style) widget `host` draws text in now, and its inputs' font sizes. */
const fonts = (page, host) => page.evaluate((h) => {
  const root = document.getElementById(h).shadowRoot;
  const drawn = (e) => e.getClientRects().length > 0;
  const hasText = (e) => e.tagName === "INPUT" || [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  // Laid out: drawn, or clipped inside a box that is (the loader's hidden characters).
  const laidOut = (e) => drawn(e) || (e.closest(".rl-font-warm") && drawn(e.closest(".rl-font-warm")));
  const used = new Map();
  for (const e of root.querySelectorAll("*")) {
    if (!laidOut(e) || !hasText(e)) continue;
    const s = getComputedStyle(e);
    const key = `${s.fontSize} ${s.fontWeight} ${s.fontStyle}`;
    used.set(key, [...(used.get(key) ?? []), e.className || e.tagName]);
  }
  const inputs = [...root.querySelectorAll("input")].filter(drawn)
    .map((e) => [e.className, parseFloat(getComputedStyle(e).fontSize)]);
  return { used: Object.fromEntries(used), inputs };
}, host);

/** The demo page with the apps' wasm held back (widgets wait in the loader) until `release()`. */
async function demoWasmHeld() {
  let release;
  const held = new Promise((ok) => { release = ok; });
  const opened = await demo(browser, {}, async ({ context }) => {
    await context.route(/\.wasm$/, async (r) => { await held; await r.continue(); });
  });
  return { ...opened, release };
}

for (const width of [360, 1100]) {
  test(`full and compact widgets draw text in at most 4 fonts and their inputs at 16px or more (${width} px)`, async () => {
    const { page, problems, context } = await demo(browser, { viewport: { width, height: 900 } });
    for (const host of ["w-default", "w-compact"]) {
      await waitForEvent(page, "ratelink:ready", host);
      // Ready view: the form, the rate line, the link; then with the give list open.
      const ready = await fonts(page, host);
      await page.locator(combo(host, "give")).click();
      await page.locator(`#${host} [part~="give"] [role="option"]`).first().waitFor();
      const open = await fonts(page, host);
      await page.keyboard.press("Escape");
      for (const [view, f] of [["ready", ready], ["list open", open]]) {
        const keys = Object.keys(f.used);
        // Text at 1em and 0.8em, each at 400 and 600; the inputs' 16px at 400 and 600 on top.
        const text = keys.filter((k) => !k.startsWith("16px"));
        assert.ok(text.length <= 4, `${host} ${view}: text in ${text.length} fonts: ${JSON.stringify(f.used)}`);
        assert.ok(keys.length <= 6, `${host} ${view}: ${keys.length} fonts in all: ${JSON.stringify(f.used)}`);
        assert.ok(f.inputs.length >= 4, `${host} ${view}: the pickers' and amounts' inputs are drawn`);
        for (const [cls, size] of f.inputs) assert.ok(size >= 16, `${host} ${view}: input ${cls} at ${size}px`);
      }
    }
    assert.deepEqual(unexpected(problems), []);
    await context.close();
  });
}

test("the loader lays out every font the ready view draws text in while the app downloads (full and compact)", async () => {
  const { page, problems, context, release } = await demoWasmHeld();
  const warm = {};
  for (const host of ["w-default", "w-compact"]) {
    await page.locator(`#${host} .rl-font-warm`).waitFor({ state: "attached" });
    assert.equal(await page.locator(`#${host} .rl-font-warm`).getAttribute("aria-hidden"), "true");
    warm[host] = Object.keys((await fonts(page, host)).used);
  }
  release();
  for (const host of ["w-default", "w-compact"]) {
    await waitForEvent(page, "ratelink:ready", host);
    assert.equal(await page.locator(`#${host} .rl-font-warm`).count(), 0, `${host}: the warm-up is gone once the app mounts`);
    const ready = Object.keys((await fonts(page, host)).used);
    const missing = ready.filter((f) => !warm[host].includes(f));
    assert.deepEqual(missing, [], `${host}: fonts of the ready view the warm-up did not lay out (warm-up: ${warm[host].join(", ")})`);
  }
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});

test("a partner's --ratelink-font on the element sets the font of the warm-up and of the ready view", async () => {
  const { page, problems, context, release } = await demoWasmHeld();
  const host = "w-default";
  await page.locator(`#${host} .rl-font-warm`).waitFor({ state: "attached" });
  await page.evaluate((h) => document.getElementById(h).style.setProperty("--ratelink-font", "Georgia, serif"), host);
  const family = (sel) => page.evaluate(([h, s]) =>
    getComputedStyle(document.getElementById(h).shadowRoot.querySelector(s)).fontFamily, [host, sel]);
  assert.equal(await family(".rl-font-warm .rl-warm-600"), "Georgia, serif");
  release();
  await waitForEvent(page, "ratelink:ready", host);
  for (const sel of [".rl-label", ".rl-combo-input", ".rl-go"]) assert.equal(await family(sel), "Georgia, serif", sel);
  // Without it, the widget's own stack (the page's font does not leak into the shadow root).
  await page.evaluate((h) => document.getElementById(h).style.removeProperty("--ratelink-font"), host);
  assert.match(await family(".rl-go"), /^system-ui, /);
  assert.deepEqual(unexpected(problems), []);
  await context.close();
});
