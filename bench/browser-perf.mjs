// Browser performance of the widget in headless Chromium on a generated 5,000-direction feed:
// time from the loader's request to the first usable render (ratelink:ready), and the time per
// keystroke of the currency filter, each also as a ratio to the browser's own JSON.parse of the
// same feed. Serves dist/ and the feed from a loopback server started here; prints figures, once
// at full speed and once with the CPU throttled 4x through CDP (Emulation.setCPUThrottlingRate,
// as a mid-range phone), with the widget's own `ratelink:*` performance.measure spans.
// Usage: node bench/browser-perf.mjs [DIST] [--runs N] [--directions N] [--throttle LIST]
import { fileURLToPath } from "node:url";
import { generateFeed } from "./gen-feed.mjs";
import { openBenchPage, startBench } from "./lib/chromium.mjs";
import { median, ms, opt, pct, throttleRates } from "./lib/figures.mjs";

const args = process.argv.slice(2);
const runs = opt(args, "--runs", 5);
const rates = throttleRates(args);
const n = opt(args, "--directions", 5000);
const dist = args[0] ?? fileURLToPath(new URL("../dist/", import.meta.url));
const feed = JSON.stringify(generateFeed(n));
const QUERIES = ["u", "us", "usd", "usdt", "usdt", "b", "bi", "bit", "s", "sb", "sbe", "sber", "r", "ru", "rub"];

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>perf</title>
<script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="w" feed="/feeds/bench" exchanger="https://exchanger.example" ref="bench"
  from="BTC" to="SBERRUB"><a href="https://exchanger.example/">fallback</a></ratelink-widget>
</body></html>`;

const { server, browser, close } = await startBench(dist, {
  "/bench.html": { body: page, type: "text/html" },
  "/feeds/bench": { body: feed, type: "application/json" },
});

// The widget's spans (`ratelink:*` performance.measure entries) since the last call, cleared.
const takeSpans = () => {
  const out = performance.getEntriesByType("measure").filter((e) => e.name.startsWith("ratelink:"))
    .map((e) => [e.name.slice(9), e.duration]);
  performance.clearMeasures();
  return out;
};

/** `runs` cold runs with the CPU slowed `rate` times: every figure of every run. */
async function measureRuns(rate) {
  const m = { ready: [], readyNav: [], parse: [], keys: [], wasmEnd: [], feedStart: [], feedEnd: [],
    loadSpans: {}, loadTotals: {}, keySpans: {}, options: 0, rate };
  const collect = (into, spans) => { for (const [k, v] of spans) (into[k] ??= []).push(v); };
  // Per run: each span's total and count from navigation to ready (a span may repeat).
  const totals = (into, spans) => {
    const run = {};
    for (const [k, v] of spans) { run[k] ??= [0, 0]; run[k][0] += v; run[k][1] += 1; }
    for (const [k, [sum, count]] of Object.entries(run)) { (into[k] ??= { sums: [], counts: [] }).sums.push(sum); into[k].counts.push(count); }
  };
  for (let run = 0; run < runs; run++) {
    const { context, page: p, errors } = await openBenchPage(browser, server, rate, 120000);
    const r = await p.evaluate(async ([queries, takeSpansSrc]) => {
      if (window.__perf.error) return { error: window.__perf.error };
      const takeSpans = eval(takeSpansSrc);
      const loadSpans = takeSpans();
      const loader = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/ratelink.js"));
      const start = loader ? loader.startTime : 0;
      // The browser's own JSON.parse of the same feed text (median of 9).
      const text = await (await fetch("/feeds/bench")).text();
      const parses = [];
      for (let i = 0; i < 9; i++) {
        const t = performance.now();
        JSON.parse(text);
        parses.push(performance.now() - t);
      }
      // Per-keystroke filter: set the give combobox's text, let the app render (microtasks and one
      // task), force style and layout; time all of it.
      const root = document.getElementById("w").shadowRoot;
      const input = root.querySelector('input[role="combobox"]');
      if (!input) return { error: { kind: "bench", message: "no combobox input" } };
      const task = () => new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = ok; c.port2.postMessage(0); });
      input.focus();
      takeSpans();
      const times = [];
      for (const q of queries) {
        const t = performance.now();
        input.value = q;
        input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, data: q.slice(-1), inputType: "insertText" }));
        await task();
        root.querySelector(".rl-root").getBoundingClientRect();
        times.push(performance.now() - t);
      }
      const keySpans = takeSpans();
      const options = root.querySelectorAll('[role="option"]').length;
      const setsize = root.querySelector('[role="option"]')?.getAttribute("aria-setsize");
      const res = (suffix) => performance.getEntriesByType("resource").find((e) => e.name.includes(suffix));
      const wasm = res(".wasm"), feedRes = res("/feeds/bench");
      return { ready: window.__perf.ready - start, readyNav: window.__perf.ready, parses, times, options, setsize,
        loadSpans, keySpans,
        wasmEnd: wasm ? wasm.responseEnd - start : NaN, feedStart: feedRes ? feedRes.startTime - start : NaN,
        feedEnd: feedRes ? feedRes.responseEnd - start : NaN };
    }, [QUERIES, takeSpans.toString()]);
    if (r.error) throw new Error("widget failed: " + JSON.stringify(r.error) + " " + errors.join("; "));
    m.ready.push(r.ready);
    m.readyNav.push(r.readyNav);
    m.parse.push(...r.parses);
    m.keys.push(...r.times);
    m.wasmEnd.push(r.wasmEnd);
    m.feedStart.push(r.feedStart);
    m.feedEnd.push(r.feedEnd);
    collect(m.loadSpans, r.loadSpans);
    totals(m.loadTotals, r.loadSpans);
    collect(m.keySpans, r.keySpans);
    m.options = r.options;
    m.setsize = r.setsize;
    await context.close();
  }
  return m;
}

function report(m) {
  const jp = median(m.parse);
  const cpu = m.rate > 1 ? `CPU throttled ${m.rate}x (CDP Emulation.setCPUThrottlingRate)` : "CPU unthrottled";
  console.log(`\nbrowser-perf: ${n} directions, feed ${(feed.length / 1024).toFixed(0)} KiB JSON, ${runs} cold runs, Chromium headless, ${cpu}`);
  console.log(`${"measure".padEnd(50)} ${"median ms".padStart(9)} ${"p90 ms".padStart(9)} ${"x JSON.parse".padStart(12)}`);
  const row = (name, xs) => console.log(`${name.padEnd(50)} ${ms(median(xs))} ${ms(pct(xs, 0.9))} ${(median(xs) / jp).toFixed(1).padStart(12)}`);
  row("JSON.parse of the feed (baseline)", m.parse);
  row("loader request -> first usable render", m.ready);
  row("navigation start -> first usable render", m.readyNav);
  row("  of which: wasm downloaded", m.wasmEnd);
  row("  of which: feed request started", m.feedStart);
  row("  of which: feed downloaded", m.feedEnd);
  row("feed downloaded -> usable render (parse+render)", m.ready.map((r, i) => r - m.feedEnd[i]));
  for (const [k, xs] of Object.entries(m.loadSpans)) row(`  span ratelink:${k} (all renders to ready)`, xs);
  for (const [k, { sums, counts }] of Object.entries(m.loadTotals)) {
    row(`  span ratelink:${k}, sum per run (${median(counts)} per run)`, sums);
  }
  row("filter keystroke (input -> DOM + layout)", m.keys);
  for (const [k, xs] of Object.entries(m.keySpans)) row(`  span ratelink:${k} (per keystroke render)`, xs);
  console.log(`(${QUERIES.length} keystrokes per run; the last filter "${QUERIES.at(-1)}" rendered ${m.options} options` +
    (m.setsize ? ` of aria-setsize ${m.setsize})` : ")"));
}

try {
  for (const rate of rates) report(await measureRuns(rate));
} finally {
  await close();
}
