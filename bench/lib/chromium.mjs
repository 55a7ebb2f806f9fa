// Headless Chromium for the browser benches: dist/ and the bench's documents on a loopback
// server, and one cold page per run that records the widget's ratelink:ready / ratelink:error.
import { startServer } from "../../tests/e2e/lib/server.mjs";
import { launch } from "../../tests/e2e/lib/browser.mjs";

/**
 * A network to emulate (CDP Network.emulateNetworkConditions): `mobile` is Lighthouse's mobile
 * profile, 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
 */
export const NETWORKS = {
  mobile: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
};

/**
 * Serves `dist` plus `routes` and launches Chromium; `close()` ends both. With `brotli`, the
 * server compresses as the relay does (for runs with an emulated network).
 */
export async function startBench(dist, routes, { brotli = false } = {}) {
  const server = await startServer(dist, routes, { brotli });
  const browser = await launch();
  const close = async () => {
    await browser.close();
    await server.close();
  };
  return { server, browser, close };
}

/**
 * A fresh context at 1100×900 with the CPU slowed `rate` times (CDP
 * Emulation.setCPUThrottlingRate) and, given one of `NETWORKS`, that network, on `server`'s /bench.html, waited (up to `timeout` ms) until
 * the widget is ready or has failed: `window.__perf.ready` is the time of ratelink:ready,
 * `window.__perf.error` the detail of ratelink:error. `errors` collects the page's errors.
 */
export async function openBenchPage(browser, server, rate, timeout, network = null) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  if (rate > 1 || network) {
    const cdp = await context.newCDPSession(page);
    if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    if (network) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", network);
    }
  }
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await context.addInitScript(() => {
    window.__perf = {};
    document.addEventListener("ratelink:ready", () => { window.__perf.ready ??= performance.now(); });
    document.addEventListener("ratelink:error", (e) => { window.__perf.error = e.detail; });
  });
  await page.goto(server.url + "/bench.html");
  await page.waitForFunction(() => window.__perf.ready || window.__perf.error, null, { timeout });
  return { context, page, errors };
}
