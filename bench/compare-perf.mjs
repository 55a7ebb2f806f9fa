// Compare layout in headless Chromium (issue 17): the ranking time per keystroke of the amount
// for a relay's /compare document of 10 exchangers × 5,000 directions (bench/gen-feed.mjs
// generateCompare; every exchanger offers BTC→SBERRUB). Per keystroke: the amount input's event
// -> the app's render (re-rank of the pair's offers, DOM) -> style and layout, timed in the page;
// plus the widget's own spans (`ratelink:rank` = the core ranking of the pair's offers,
// `ratelink:view`/`ratelink:render`). Goal: within one 16 ms frame at the median. Runs once at
// full speed and once with the CPU throttled 4x (CDP Emulation.setCPUThrottlingRate). Serves
// dist/ and the document from a loopback server started here.
// Usage: node bench/compare-perf.mjs [DIST] [--runs N] [--exchangers N] [--directions N] [--throttle LIST]
import { fileURLToPath } from "node:url";
import { generateCompare } from "./gen-feed.mjs";
import { openBenchPage, startBench } from "./lib/chromium.mjs";
import { median, ms, opt, pct, throttleRates } from "./lib/figures.mjs";

const args = process.argv.slice(2);
const runs = opt(args, "--runs", 3);
const exchangers = opt(args, "--exchangers", 10);
const n = opt(args, "--directions", 5000);
const rates = throttleRates(args);
const dist = args[0] ?? fileURLToPath(new URL("../dist/", import.meta.url));
const doc = JSON.stringify(generateCompare(exchangers, n));
// Amounts typed key by key (each string is the field after one keystroke), some reordering the
// offers as limits and reserves come into play.
const KEYS = ["0", "0.", "0.0", "0.00", "0.005", "0.00", "0.0", "0.", "0", "", "1", "", "2", "2.", "2.5",
  "25", "2", "", "9", "90", "9", "", "0", "0.", "0.1", "0.15"];

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>compare perf</title>
<script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="w" layout="compare" feed="/compare?feeds=bench" from="BTC" to="SBERRUB"
  amount="0.05"><a href="https://ex1.example/">fallback</a></ratelink-widget>
</body></html>`;

const { server, browser, close } = await startBench(dist, {
  "/bench.html": { body: page, type: "text/html" },
  "/compare": { body: doc, type: "application/json" },
});

async function measureRuns(rate) {
  const m = { ready: [], keys: [], spans: {}, offers: new Set(), orders: new Set(), rate };
  for (let run = 0; run < runs; run++) {
    const { context, page: p, errors } = await openBenchPage(browser, server, rate, 300000);
    const r = await p.evaluate(async (keys) => {
      if (window.__perf.error) return { error: window.__perf.error };
      const root = document.getElementById("w").shadowRoot;
      const input = root.querySelector('[part~="amount-give"]');
      if (!input) return { error: { kind: "bench", message: "no amount input" } };
      const task = () => new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = ok; c.port2.postMessage(0); });
      // Let the first render and idle work finish.
      await new Promise((ok) => setTimeout(ok, 500));
      performance.clearMeasures();
      input.focus();
      const times = [], orders = [];
      let offers = 0;
      for (const text of keys) {
        const t = performance.now();
        input.value = text;
        input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertText" }));
        await task();
        root.querySelector(".rl-root").getBoundingClientRect();
        times.push(performance.now() - t);
        const names = [...root.querySelectorAll('[part~="offer-exchanger"]')].map((e) => e.textContent);
        offers = Math.max(offers, names.length);
        orders.push(names.join(","));
      }
      const spans = performance.getEntriesByType("measure").filter((e) => e.name.startsWith("ratelink:"))
        .map((e) => [e.name.slice(9), e.duration]);
      return { ready: window.__perf.ready, times, spans, offers, orders };
    }, KEYS);
    if (r.error) throw new Error("widget failed: " + JSON.stringify(r.error) + " " + errors.join("; "));
    m.ready.push(r.ready);
    m.keys.push(...r.times);
    for (const [k, v] of r.spans) (m.spans[k] ??= []).push(v);
    m.offers.add(r.offers);
    for (const o of r.orders) m.orders.add(o);
    await context.close();
  }
  return m;
}

function report(m) {
  const cpu = m.rate > 1 ? `CPU throttled ${m.rate}x (CDP Emulation.setCPUThrottlingRate)` : "CPU unthrottled";
  console.log(`\ncompare-perf: ${exchangers} exchangers × ${n} directions (${exchangers * n} in all), document ${(doc.length / 1048576).toFixed(1)} MiB JSON, ${runs} cold runs, Chromium headless, ${cpu}`);
  console.log(`${"measure".padEnd(52)} ${"median ms".padStart(9)} ${"p90 ms".padStart(9)}`);
  const row = (name, xs) => console.log(`${name.padEnd(52)} ${ms(median(xs))} ${ms(pct(xs, 0.9))}`);
  row("navigation start -> first usable render", m.ready);
  row("amount keystroke (input -> re-rank, DOM + layout)", m.keys);
  for (const k of ["rank", "view", "render"]) if (m.spans[k]) row(`  span ratelink:${k} (per render)`, m.spans[k]);
  const med = median(m.keys);
  console.log(`(${KEYS.length} keystrokes per run; ${[...m.offers].join("/")} offers for BTC→SBERRUB; ` +
    `${m.orders.size} distinct offer orders seen; goal: median within one 16 ms frame: ${med <= 16 ? "met" : "NOT met"})`);
}

try {
  for (const rate of rates) report(await measureRuns(rate));
} finally {
  await close();
}
