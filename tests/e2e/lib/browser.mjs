// Headless Chromium (system binary) driven by playwright-core, with page-problem collection.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-dev-shm-usage"],
  });
}

/**
 * Opens a page that records console errors, uncaught exceptions and CSP violations into
 * `problems` (the tests assert it stays empty unless they expect otherwise).
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  context.setDefaultTimeout(60000);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()} [${m.location()?.url ?? ""}]`);
  });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  await page.exposeFunction("__reportViolation", (v) => problems.push("csp: " + v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
    // Every widget event, in order, for assertions.
    window.__rlEvents = [];
    for (const type of ["ratelink:ready", "ratelink:error", "ratelink:select", "ratelink:go"]) {
      document.addEventListener(type, (e) => {
        window.__rlEvents.push({ type, id: e.target && e.target.id, detail: e.detail });
      });
    }
  });
  return { context, page, problems };
}

/** Resolves once `predicate(events)` holds for the recorded widget events (polling in-page). */
export async function waitForEvent(page, type, id, timeout = 60000) {
  await page.waitForFunction(([t, i]) => window.__rlEvents.some((e) => e.type === t && (!i || e.id === i)),
    [type, id], { timeout });
  return page.evaluate(([t, i]) => window.__rlEvents.filter((e) => e.type === t && (!i || e.id === i)),
    [type, id]);
}

/**
 * Polls `fn()` (sync or async) from Node until it returns a truthy value (returned), failing
 * with `what` after `timeout` ms.
 */
export async function eventually(fn, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

/**
 * Polls `fn(arg)` in the page from Node until it returns a truthy value (returned), failing
 * with `what` after `timeout` ms. Unlike `page.waitForFunction` it needs no page timers or
 * animation frames, so it works while `page.clock` holds the page's time still.
 */
export function pollUntil(page, fn, arg, what, timeout = 20000) {
  return eventually(() => page.evaluate(fn, arg), what, timeout);
}
