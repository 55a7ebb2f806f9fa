// Browser performance of the widget in headless Chromium on a generated 5,000-direction feed:
// time from the loader's request to the first usable render (ratelink:ready), and the time per
// keystroke of the currency filter, each also as a ratio to the browser's own JSON.parse of the
// same feed. Serves dist/ and the feed from a loopback server started here; prints figures.
// Usage: node bench/browser-perf.mjs [DIST] [--runs N] [--directions N]
import { fileURLToPath } from "node:url";
import { generateFeed } from "./gen-feed.mjs";
import { startServer } from "../tests/e2e/lib/server.mjs";
import { launch } from "../tests/e2e/lib/browser.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : dflt;
};
const runs = opt("--runs", 5);
const n = opt("--directions", 5000);
const dist = args[0] ?? fileURLToPath(new URL("../dist/", import.meta.url));
const feed = JSON.stringify(generateFeed(n));
const QUERIES = ["u", "us", "usd", "usdt", "usdt", "b", "bi", "bit", "s", "sb", "sbe", "sber", "r", "ru", "rub"];

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>perf</title>
<script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="w" feed="/feeds/bench" exchanger="https://exchanger.example" ref="bench"
  from="BTC" to="SBERRUB"><a href="https://exchanger.example/">fallback</a></ratelink-widget>
</body></html>`;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const ms = (x) => x.toFixed(2).padStart(9);

const server = await startServer(dist, {
  "/bench.html": { body: page, type: "text/html" },
  "/feeds/bench": { body: feed, type: "application/json" },
});
const browser = await launch();
const ready = [], readyNav = [], parse = [], keys = [], wasmEnd = [], feedStart = [], feedEnd = [];
let options = 0;
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const p = await context.newPage();
    const errors = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await context.addInitScript(() => {
      window.__perf = {};
      document.addEventListener("ratelink:ready", () => { window.__perf.ready ??= performance.now(); });
      document.addEventListener("ratelink:error", (e) => { window.__perf.error = e.detail; });
    });
    await p.goto(server.url + "/bench.html");
    await p.waitForFunction(() => window.__perf.ready || window.__perf.error, null, { timeout: 60000 });
    const r = await p.evaluate(async (queries) => {
      if (window.__perf.error) return { error: window.__perf.error };
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
      const times = [];
      for (const q of queries) {
        const t = performance.now();
        input.value = q;
        input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, data: q.slice(-1), inputType: "insertText" }));
        await task();
        root.querySelector(".rl-root").getBoundingClientRect();
        times.push(performance.now() - t);
      }
      const options = root.querySelectorAll('[role="option"]').length;
      const res = (suffix) => performance.getEntriesByType("resource").find((e) => e.name.includes(suffix));
      const wasm = res(".wasm"), feedRes = res("/feeds/bench");
      return { ready: window.__perf.ready - start, readyNav: window.__perf.ready, parses, times, options,
        wasmEnd: wasm ? wasm.responseEnd - start : NaN, feedStart: feedRes ? feedRes.startTime - start : NaN,
        feedEnd: feedRes ? feedRes.responseEnd - start : NaN };
    }, QUERIES);
    if (r.error) throw new Error("widget failed: " + JSON.stringify(r.error) + " " + errors.join("; "));
    ready.push(r.ready);
    readyNav.push(r.readyNav);
    parse.push(...r.parses);
    keys.push(...r.times);
    wasmEnd.push(r.wasmEnd);
    feedStart.push(r.feedStart);
    feedEnd.push(r.feedEnd);
    options = r.options;
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const jp = median(parse);
console.log(`browser-perf: ${n} directions, feed ${(feed.length / 1024).toFixed(0)} KiB JSON, ${runs} cold runs, Chromium headless`);
console.log(`${"measure".padEnd(50)} ${"median ms".padStart(9)} ${"p90 ms".padStart(9)} ${"x JSON.parse".padStart(12)}`);
const row = (name, xs) => console.log(`${name.padEnd(50)} ${ms(median(xs))} ${ms(pct(xs, 0.9))} ${(median(xs) / jp).toFixed(1).padStart(12)}`);
row("JSON.parse of the feed (baseline)", parse);
row("loader request -> first usable render", ready);
row("navigation start -> first usable render", readyNav);
row("  of which: wasm downloaded", wasmEnd);
row("  of which: feed request started", feedStart);
row("  of which: feed downloaded", feedEnd);
row("feed downloaded -> usable render (parse+render)", ready.map((r, i) => r - feedEnd[i]));
row("filter keystroke (input -> DOM + layout)", keys);
console.log(`(${QUERIES.length} keystrokes per run; the last filter "${QUERIES.at(-1)}" listed ${options} options)`);
