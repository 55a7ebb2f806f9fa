// The widget in the host layouts partner sites use (tests/e2e/fixtures/embedding/): flex rows,
// grid items, floats, inline-blocks, table cells, fit-content wrappers, a 280 px sidebar, a
// clipped card, a transformed ancestor; page variants (10 px root font, RTL, Bootstrap 5, 200 %
// zoom) at 1000 px and 360 px. For every widget: its box, the open picker list visible and
// clickable, the go link. A screenshot of each case lands in target/e2e/embedding/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { launch, openPage } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const SHOTS = new URL("embedding/",
  new URL((process.env.RATELINK_E2E_SHOTS ?? new URL("../../target/e2e", import.meta.url).pathname) + "/", "file:///"));
const FIXTURES = new URL("./fixtures/embedding/", import.meta.url);
const BOOTSTRAP_CSS = new URL("./node_modules/bootstrap/dist/css/bootstrap.min.css", import.meta.url);

const CASES = ["flex-short", "flex-long", "grid-start", "float", "inline-block", "table-cell",
  "fit-content", "sidebar-280", "card", "transformed"];
const LAYOUTS = ["full", "compact"];
const VARIANTS = [
  { name: "plain", query: "" },
  { name: "root10", query: "?root=10" },
  { name: "rtl", query: "?dir=rtl" },
  { name: "bootstrap", query: "?bootstrap=1" },
  { name: "zoom200", query: "", zoom: 2 },
];
const WIDTHS = [1000, 360];
/** Below this a widget is "squeezed" unless its container is narrower still. */
const MIN_WIDTH = 260;
const MAX_HEIGHT = 1100;

let browser;
before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  await mkdir(SHOTS, { recursive: true });
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** Opens the embedding page on the relay's origin (feeds and widget files are same-origin). */
async function openEmbedding(width, variant) {
  // 200 % browser zoom is a doubled device pixel ratio over half the CSS viewport.
  const zoom = variant.zoom ?? 1;
  const opened = await openPage(browser, {
    viewport: { width: Math.round(width / zoom), height: Math.round(900 / zoom) },
    deviceScaleFactor: zoom,
  });
  const { context, page } = opened;
  await context.route(`${BASE}/embedding/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.replace(/^\/embedding\//, "");
    const file = name === "bootstrap.min.css" ? BOOTSTRAP_CSS : new URL(name, FIXTURES);
    const type = name.endsWith(".css") ? "text/css" : name.endsWith(".js") ? "text/javascript" : "text/html";
    try {
      await route.fulfill({ status: 200, contentType: type, body: await readFile(file) });
    } catch {
      await route.fulfill({ status: 404, body: "not found" });
    }
  });
  await context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  await page.goto(`${BASE}/embedding/embedding.html${variant.query}`);
  return opened;
}

/** Scrolls the widget into view (the loader starts widgets near the viewport) and waits for it. */
async function readyWidget(page, id) {
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await page.waitForFunction((i) => window.__rlEvents.some((e) => e.type === "ratelink:ready" && e.id === i),
    id, { timeout: 60000 });
}

/** The widget's box and the inline space its host layout offers it (the case, sidebar or card). */
function measure(page, id) {
  return page.evaluate((i) => {
    const host = document.getElementById(i);
    const box = host.getBoundingClientRect();
    const holder = host.closest(".sidebar-280, .card-clip, .case");
    const style = getComputedStyle(holder);
    const space = holder.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { width: box.width, height: box.height, space };
  }, id);
}

/**
 * Opens the "give" picker with a click on its box, checks the list is on screen and on top
 * (hit-testing points inside it finds the list, not the page or a clipping ancestor), then picks
 * another currency with a real click. Returns the code picked.
 */
async function pickerWorks(page, id, label) {
  const side = `#${id} [part~="give"]`;
  const input = page.locator(`${side} input[role="combobox"]`);
  await input.click();
  await page.waitForFunction((i) => document.getElementById(i).shadowRoot
    .querySelector('[part~="give"] input[role="combobox"]').getAttribute("aria-expanded") === "true", id);
  const list = page.locator(`${side} [role="listbox"]`);
  await list.scrollIntoViewIfNeeded();
  const hits = await page.evaluate((i) => {
    const root = document.getElementById(i).shadowRoot;
    const lb = root.querySelector('[part~="give"] [role="listbox"]');
    const r = lb.getBoundingClientRect();
    const h = document.getElementById(i).getBoundingClientRect();
    // Probe points inside the list, kept on screen (a host layout wider than the screen, such
    // as a fixed 280 px sidebar at 200 % zoom on a phone, scrolls sideways).
    const clamp = (v, hi) => Math.min(Math.max(v, 1), hi - 1);
    const points = [[0.5, 0.1], [0.1, 0.5], [0.9, 0.5], [0.5, 0.9]].map(([fx, fy]) =>
      [clamp(r.left + r.width * fx, innerWidth), clamp(r.top + r.height * fy, innerHeight)]);
    return {
      rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      host: { left: h.left, right: h.right },
      viewport: { width: innerWidth, height: innerHeight },
      inside: points.map(([x, y]) => {
        const el = root.elementFromPoint(x, y);
        return !!el && lb.contains(el);
      }),
    };
  }, id);
  assert.ok(hits.rect.bottom - hits.rect.top > 40, `${label}: the open list has a height (${JSON.stringify(hits.rect)})`);
  assert.ok(hits.rect.left >= hits.host.left - 1 && hits.rect.right <= hits.host.right + 1,
    `${label}: the open list stays inside the widget's box (${JSON.stringify(hits)})`);
  if (hits.host.right - hits.host.left <= hits.viewport.width) {
    assert.ok(hits.rect.left >= -1 && hits.rect.right <= hits.viewport.width + 1,
      `${label}: the open list is within the viewport horizontally (${JSON.stringify(hits)})`);
  }
  assert.deepEqual(hits.inside, [true, true, true, true],
    `${label}: every probe point inside the open list hits the list (not clipped, not covered)`);
  const options = page.locator(`${side} [role="option"]`);
  assert.ok((await options.count()) > 1, `${label}: the list offers currencies`);
  const target = options.nth(1);
  const code = (await target.locator(".rl-option-code").textContent()).trim();
  await target.click(); // Playwright refuses when another element would receive the click
  await page.waitForFunction(([i, c]) => {
    const el = document.getElementById(i).shadowRoot.querySelector('[part~="give"] input[role="combobox"]');
    return el.getAttribute("aria-expanded") === "false" && el.value === c;
  }, [id, code]);
  return code;
}

/**
 * Clicks the go link as a visitor does. The first time on a page the exchanger's page really
 * opens; after that the page's own click listener records the link and stops the navigation
 * (one new tab per widget would make the suite slow without testing more).
 */
async function goLinkWorks(context, page, id, from, label, { open }) {
  let href;
  if (open) {
    const [popup] = await Promise.all([
      context.waitForEvent("page"),
      page.locator(`#${id} [part~="go"]`).click(),
    ]);
    await popup.waitForLoadState("domcontentloaded");
    href = popup.url();
    await popup.close();
  } else {
    await page.evaluate(() => {
      window.__goClicks = [];
      window.__stopGo ??= addEventListener("click", (e) => {
        const a = e.composedPath().find((n) => n.tagName === "A" && n.getAttribute("part")?.includes("go"));
        if (a) { window.__goClicks.push(a.href); e.preventDefault(); }
      }) ?? true;
    });
    await page.locator(`#${id} [part~="go"]`).click();
    href = await page.evaluate(() => window.__goClicks[0]);
  }
  assert.ok(href, `${label}: the go link was clicked`);
  const url = new URL(href);
  assert.equal(url.origin + url.pathname, "https://exchanger.example/ref/demo123/", `${label}: go link target`);
  assert.equal(url.searchParams.get("cur_from"), from, `${label}: go link carries the picked currency`);
}

for (const width of WIDTHS) {
  for (const variant of VARIANTS) {
    test(`host layouts at ${width} px, ${variant.name}`, async () => {
      const { context, page, problems } = await openEmbedding(width, variant);
      try {
        for (const kase of CASES) {
          for (const layout of LAYOUTS) {
            const id = `${kase}-${layout}`;
            const label = `${variant.name} ${width}px ${id}`;
            await readyWidget(page, id);
            const box = await measure(page, id);
            const floor = Math.min(MIN_WIDTH, box.space);
            assert.ok(box.width >= floor - 0.5,
              `${label}: widget ${box.width.toFixed(1)} px wide, needs ${floor.toFixed(1)} (space ${box.space.toFixed(1)})`);
            assert.ok(box.height < MAX_HEIGHT, `${label}: widget ${box.height.toFixed(1)} px tall`);
            const from = await pickerWorks(page, id, label);
            await goLinkWorks(context, page, id, from, label, { open: kase === CASES[0] && layout === LAYOUTS[0] });
          }
          const section = page.locator(`[data-case="${kase}"]`);
          await section.scrollIntoViewIfNeeded();
          await section.screenshot({ path: new URL(`${variant.name}-${width}-${kase}.png`, SHOTS).pathname });
        }
        assert.deepEqual(problems, [], "no console errors, page errors or CSP violations");
      } finally {
        await context.close();
      }
    });
  }
}

test("the demo page at 360 px: every widget keeps its width", async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 360, height: 800 } });
  try {
    await page.goto(`${BASE}/`);
    for (const id of ["w-default", "w-compact", "w-dark", "w-ru", "w-allow"]) {
      await readyWidget(page, id);
      const box = await page.evaluate((i) => {
        const host = document.getElementById(i);
        const r = host.getBoundingClientRect();
        const parent = host.parentElement;
        return { width: r.width, height: r.height, space: Math.min(parent.clientWidth, innerWidth) };
      }, id);
      const floor = Math.min(MIN_WIDTH, box.space);
      assert.ok(box.width >= floor - 0.5, `${id}: ${box.width.toFixed(1)} px wide, needs ${floor.toFixed(1)}`);
      assert.ok(box.height < MAX_HEIGHT, `${id}: ${box.height.toFixed(1)} px tall`);
    }
    await page.screenshot({ path: new URL("demo-360.png", SHOTS).pathname, fullPage: true });
    const unexpected = problems.filter((p) => !/status of 5\d\d .*demo-broken/.test(p));
    assert.deepEqual(unexpected, []);
  } finally {
    await context.close();
  }
});
