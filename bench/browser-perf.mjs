// Browser performance of the widget in headless Chromium on a generated 5,000-direction feed:
// time from the loader's request to the first usable render (ratelink:ready), and the time per
// keystroke of the currency filter, each also as a ratio to the browser's own JSON.parse of the
// same feed. Serves dist/ and the feed from a loopback server started here; prints figures, once
// at full speed and once with the CPU throttled 4x through CDP (Emulation.setCPUThrottlingRate,
// as a mid-range phone), with the widget's own `ratelink:*` performance.measure spans.
// With --trace, each run's keystroke loop is also recorded as a Chrome trace (devtools.timeline)
// and the renderer main thread's time is split by kind: script (wasm, Yew, the bench's own JS),
// style recalculation, layout, paint and compositing, other; per keystroke, with the top events.
// --profile adds a sampled CPU profile (wasm, the DOM calls it makes, the rest).
// --icons: the feed names an icon sprite (one monogram symbol per code, drawn as the relay draws
// codes it has no art for), so options carry icons as they do behind the relay; the keystroke
// loop starts once the sprite is in place.
// --network mobile: Lighthouse's mobile network (150 ms RTT, 1.6 Mbit/s) through CDP, files
// brotli-compressed as the relay sends them: the load figures then include transfer times.
// Usage: node bench/browser-perf.mjs [DIST] [--runs N] [--directions N] [--throttle LIST] [--icons] [--network mobile] [--trace [--profile]]
import { fileURLToPath } from "node:url";
import { generateFeed } from "./gen-feed.mjs";
import { NETWORKS, openBenchPage, startBench } from "./lib/chromium.mjs";
import { median, ms, opt, pct, throttleRates } from "./lib/figures.mjs";

const args = process.argv.slice(2);
const runs = opt(args, "--runs", 5);
const rates = throttleRates(args);
const trace = args.includes("--trace") && !!args.splice(args.indexOf("--trace"), 1);
// --profile (with --trace): also sample the CPU (Profiler domain, 100 µs): wasm vs DOM calls.
// The sampler's own cost lands in the trace's unattributed task time.
const profile = trace && args.includes("--profile") && !!args.splice(args.indexOf("--profile"), 1);
// Layout events' object counts, to see what a keystroke lays out.
const layoutSizes = [];
const n = opt(args, "--directions", 5000);
// --network mobile: every run over an emulated mobile network, files brotli-compressed as the
// relay sends them, so "loader request -> first usable render" includes real transfer times.
const networkName = args.includes("--network") ? args.splice(args.indexOf("--network"), 2)[1] : null;
const network = networkName ? NETWORKS[networkName] : null;
if (networkName && !network) throw new Error(`--network: unknown "${networkName}" (known: ${Object.keys(NETWORKS).join(", ")})`);
const dist = args[0] ?? fileURLToPath(new URL("../dist/", import.meta.url));
const icons = args.includes("--icons") && !!args.splice(args.indexOf("--icons"), 1);
const feedObj = generateFeed(n);
// The relay puts `icons` last (the widget looks for it in the feed's tail).
if (icons) feedObj.icons = "/feeds/bench/icons.bench.svg";
const feed = JSON.stringify(feedObj);
const codes = [...new Set(feedObj.directions.flatMap((d) => [d.from, d.to]))];
const sprite = `<svg xmlns="http://www.w3.org/2000/svg">${codes.map((c, i) =>
  `<symbol id="rl-i-${c}" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="${["#8A63D2", "#1F5FAD", "#2F6FDB", "#2E7D32"][i % 4]}"/>` +
  `<text x="16" y="16" dy=".35em" text-anchor="middle" font-family="Arial,Helvetica,sans-serif" font-weight="700" font-size="12" fill="#fff">${c.slice(0, 2)}</text></symbol>`).join("")}</svg>`;
const QUERIES = ["u", "us", "usd", "usdt", "usdt", "b", "bi", "bit", "s", "sb", "sbe", "sber", "r", "ru", "rub"];

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>perf</title>
<script type="module" src="/ratelink.js"></script></head><body>
<ratelink-widget id="w" feed="/feeds/bench" exchanger="https://exchanger.example" ref="bench"
  from="BTC" to="SBERRUB"><a href="https://exchanger.example/">fallback</a></ratelink-widget>
</body></html>`;

const { server, browser, close } = await startBench(dist, {
  "/bench.html": { body: page, type: "text/html" },
  "/feeds/bench": { body: feed, type: "application/json" },
  "/feeds/bench/icons.bench.svg": { body: sprite, type: "image/svg+xml" },
}, { brotli: !!network });

// The widget's spans (`ratelink:*` performance.measure entries) since the last call, cleared.
const takeSpans = () => {
  const out = performance.getEntriesByType("measure").filter((e) => e.name.startsWith("ratelink:"))
    .map((e) => [e.name.slice(9), e.duration]);
  performance.clearMeasures();
  return out;
};


const TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing"];
// Trace event name -> kind of main-thread work (self time: nested events are subtracted).
const KIND = {
  FunctionCall: "script", EventDispatch: "script", "v8.callFunction": "script", "V8.Execute": "script",
  RunMicrotasks: "script", TimerFire: "script", FireAnimationFrame: "script", EvaluateScript: "script",
  "v8.run": "script", "v8.compile": "script", "v8.compileModule": "script", "V8.CompileCode": "script",
  "wasm.CompileLazy": "script", "v8.wasm.compileLazy": "script", "HandlePostMessage": "script",
  UpdateLayoutTree: "style", RecalculateStyles: "style", ParseAuthorStyleSheet: "style",
  InvalidateLayout: "layout", Layout: "layout", "LayoutShift": "layout",
  Paint: "paint", PrePaint: "paint", PaintImage: "paint", Layerize: "paint", UpdateLayer: "paint",
  UpdateLayerTree: "paint", CompositeLayers: "paint", Commit: "paint", "LocalFrameView::RunPostLifecycleSteps": "paint",
  "ScrollLayer": "paint", "HitTest": "other", "Document::updateStyleAndLayout": "layout",
  "AXObjectCache::ProcessDeferredAccessibilityEvents": "accessibility", "ProcessDeferredUpdate": "accessibility",
};

/** Adds one keystroke loop's trace to `into`: main-thread self time by kind and by event name. */
function addTrace(into, json) {
  const events = Array.isArray(json) ? json : json.traceEvents;
  // The renderer main thread with the most complete events is the page's.
  const mains = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const counts = {};
  for (const e of events) if (e.ph === "X" && mains.has(`${e.pid}:${e.tid}`)) counts[`${e.pid}:${e.tid}`] = (counts[`${e.pid}:${e.tid}`] ?? 0) + 1;
  const main = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0];
  const xs = events.filter((e) => e.ph === "X" && `${e.pid}:${e.tid}` === main && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self time: an event's duration less its direct children's.
  const stack = [];
  const self = new Map();
  let first = Infinity, last = 0, top = 0;
  for (const e of xs) {
    if (e.name === "Layout" && e.args?.beginData) layoutSizes.push(`${e.args.beginData.dirtyObjects}/${e.args.beginData.totalObjects}`);
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    // Style and layout run from script (forced: scrollIntoView, the bench's getBoundingClientRect).
    if ((e.name === "Layout" || e.name === "UpdateLayoutTree") && stack.some((a) => KIND[a.name] === "script")) {
      into.forced = (into.forced ?? 0) + e.dur / 1000;
    }
    if (parent) self.set(parent, self.get(parent) - Math.min(e.dur, parent.ts + parent.dur - e.ts));
    else if (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") top += e.dur;
    self.set(e, e.dur);
    stack.push(e);
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts + e.dur);
  }
  for (const [e, t] of self) {
    if (t <= 0) continue;
    const kind = KIND[e.name] ?? (e.name.startsWith("V8.") || e.name.startsWith("v8.") ? "script" : e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask" ? "task (unattributed)" : "other");
    into.kinds[kind] = (into.kinds[kind] ?? 0) + t / 1000;
    into.names[e.name] = (into.names[e.name] ?? 0) + t / 1000;
  }
  into.busy = (into.busy ?? 0) + top / 1000;
  into.wall += (last - first) / 1000;
  into.loops = (into.loops ?? 0) + 1;
}

/** Adds a CPU profile's self time (ms) by where the code is: wasm, its JS glue, the browser. */
function addProfile(into, profile) {
  const where = {};
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    where[node.id] = url.endsWith(".wasm") || url.startsWith("wasm://") ? "wasm (the widget's Rust)"
      : /ratelink-app\.[0-9a-f]+\.js/.test(url) ? `JS glue ${functionName || "(anonymous)"}`
      : url ? "other JS (bench, loader)" : functionName === "(program)" || functionName === "(idle)" ? "(program/idle)" : functionName || "(native)";
  }
  const deltas = profile.timeDeltas;
  into.profile ??= {};
  profile.samples.forEach((id, i) => {
    const d = (deltas[i + 1] ?? 0) / 1000;
    into.profile[where[id]] = (into.profile[where[id]] ?? 0) + d;
  });
}

/** `runs` cold runs with the CPU slowed `rate` times: every figure of every run. */
async function measureRuns(rate) {
  const m = { ready: [], readyNav: [], parse: [], keys: [], firstKeys: [], laterKeys: [], wasmEnd: [], feedStart: [], feedEnd: [], chainStart: [],
    loadSpans: {}, loadTotals: {}, timeline: {}, keySpans: {}, options: 0, rate, trace: { kinds: {}, names: {}, wall: 0 } };
  const collect = (into, spans) => { for (const [k, v] of spans) (into[k] ??= []).push(v); };
  // Per run: each span's total and count from navigation to ready (a span may repeat).
  const totals = (into, spans) => {
    const run = {};
    for (const [k, v] of spans) { run[k] ??= [0, 0]; run[k][0] += v; run[k][1] += 1; }
    for (const [k, [sum, count]] of Object.entries(run)) { (into[k] ??= { sums: [], counts: [] }).sums.push(sum); into[k].counts.push(count); }
  };
  for (let run = 0; run < runs; run++) {
    const { context, page: p, errors } = await openBenchPage(browser, server, rate, 120000, network);
    const r = await p.evaluate(async ([takeSpansSrc]) => {
      if (window.__perf.error) return { error: window.__perf.error };
      const takeSpans = eval(takeSpansSrc);
      // The chain starts when the feed is downloaded and the app has asked for it: the loader
      // requests the feed alongside the app's files, so it may arrive before the app runs (the
      // app's first ratelink:fetch span starts when it asks). Each span from there (start, end;
      // the last of a name).
      const feedEntry = performance.getEntriesByType("resource").find((e) => e.name.includes("/feeds/bench"));
      const asked = performance.getEntriesByName("ratelink:fetch", "measure")[0];
      const from = Math.max(feedEntry?.responseEnd ?? 0, asked?.startTime ?? 0);
      const timeline = {};
      for (const e of performance.getEntriesByType("measure")) {
        if (!feedEntry || !e.name.startsWith("ratelink:") || e.startTime < from - 1) continue;
        timeline[e.name.slice(9)] = [e.startTime - from, e.startTime + e.duration - from];
      }
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
      // The fonts (size, weight, style) the ready view draws text in: each one the browser
      // looks up and loads at the view's first layout (issue 15, eighth round).
      const root = document.getElementById("w").shadowRoot;
      const fonts = [...new Set([...root.querySelectorAll("*")]
        .filter((e) => e.getClientRects().length && (e.tagName === "INPUT" ||
          [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim())))
        .map((e) => { const s = getComputedStyle(e); return `${s.fontSize}/${s.fontWeight}${s.fontStyle === "normal" ? "" : " " + s.fontStyle}`; }))];
      const res = (suffix) => performance.getEntriesByType("resource").find((e) => e.name.includes(suffix));
      const wasm = res(".wasm"), feedRes = res("/feeds/bench");
      return { ready: window.__perf.ready - start, readyNav: window.__perf.ready, parses, loadSpans, timeline, fonts,
        wasmEnd: wasm ? wasm.responseEnd - start : NaN, feedStart: feedRes ? feedRes.startTime - start : NaN,
        feedEnd: feedRes ? feedRes.responseEnd - start : NaN, chainStart: from - start };
    }, [takeSpans.toString()]);
    if (r.error) throw new Error("widget failed: " + JSON.stringify(r.error) + " " + errors.join("; "));
    let cdp;
    if (trace) {
      await browser.startTracing(p, { categories: TRACE_CATEGORIES });
    }
    if (profile) {
      cdp = await context.newCDPSession(p);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      await cdp.send("Profiler.start");
    }
    const k = await p.evaluate(async ([queries, takeSpansSrc, withIcons]) => {
      const takeSpans = eval(takeSpansSrc);
      // Per-keystroke filter: set the give combobox's text, let the app render (microtasks and one
      // task), force style and layout; time all of it.
      const root = document.getElementById("w").shadowRoot;
      const input = root.querySelector('input[role="combobox"]');
      if (!input) return { error: { kind: "bench", message: "no combobox input" } };
      if (withIcons) {
        for (let i = 0; i < 500 && !root.querySelector(".rl-combo .rl-icon"); i++) await new Promise((ok) => setTimeout(ok, 10));
        if (!root.querySelector(".rl-combo .rl-icon")) return { error: { kind: "bench", message: "no icons after 5 s" } };
      }
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
      const iconCount = root.querySelectorAll('[role="option"] .rl-icon').length;
      return { times, options, setsize, keySpans, iconCount };
    }, [QUERIES, takeSpans.toString(), icons]);
    if (trace) {
      if (profile) addProfile(m.trace, (await cdp.send("Profiler.stop")).profile);
      addTrace(m.trace, JSON.parse((await browser.stopTracing()).toString("utf8")));
    }
    if (k.error) throw new Error("widget failed: " + JSON.stringify(k.error) + " " + errors.join("; "));
    Object.assign(r, k);
    m.fonts = r.fonts;
    m.ready.push(r.ready);
    m.readyNav.push(r.readyNav);
    m.parse.push(...r.parses);
    m.keys.push(...r.times);
    m.firstKeys.push(r.times[0]);
    m.laterKeys.push(...r.times.slice(1));
    m.wasmEnd.push(r.wasmEnd);
    m.feedStart.push(r.feedStart);
    m.feedEnd.push(r.feedEnd);
    m.chainStart.push(r.chainStart);
    collect(m.loadSpans, r.loadSpans);
    for (const [k, [a, b]] of Object.entries(r.timeline)) {
      (m.timeline[`${k} starts`] ??= []).push(a);
      (m.timeline[`${k} ends`] ??= []).push(b);
    }
    totals(m.loadTotals, r.loadSpans);
    collect(m.keySpans, r.keySpans);
    m.options = r.options;
    m.iconCount = r.iconCount;
    m.setsize = r.setsize;
    await context.close();
  }
  return m;
}

function report(m) {
  const jp = median(m.parse);
  const cpu = (m.rate > 1 ? `CPU throttled ${m.rate}x (CDP Emulation.setCPUThrottlingRate)` : "CPU unthrottled") +
    (network ? `, ${networkName} network (${network.latency} ms RTT, ${network.downloadThroughput * 8 / 1e6} Mbit/s down; files brotli)` : "");
  console.log(`\nbrowser-perf: ${n} directions, feed ${(feed.length / 1024).toFixed(0)} KiB JSON, ${runs} cold runs, Chromium headless, ${cpu}`);
  console.log(`${"measure".padEnd(50)} ${"median ms".padStart(9)} ${"p90 ms".padStart(9)} ${"x JSON.parse".padStart(12)}`);
  const row = (name, xs) => console.log(`${name.padEnd(50)} ${ms(median(xs))} ${ms(pct(xs, 0.9))} ${(median(xs) / jp).toFixed(1).padStart(12)}`);
  row("JSON.parse of the feed (baseline)", m.parse);
  row("loader request -> first usable render", m.ready);
  row("navigation start -> first usable render", m.readyNav);
  row("  of which: wasm downloaded", m.wasmEnd);
  row("  of which: feed request started", m.feedStart);
  row("  of which: feed downloaded", m.feedEnd);
  row("  of which: feed downloaded and asked for by the app", m.chainStart);
  row("feed downloaded -> usable render (parse+render)", m.ready.map((r, i) => r - m.chainStart[i]));
  // The floor under that chain for any reader: the body's delivery, FeedLoaded and the ready
  // render, i.e. the chain less the read (issue 15, ninth round).
  const reads = m.loadTotals.read?.sums;
  if (reads?.length === m.ready.length) {
    row("  of which not the read (delivery, index, render)", m.ready.map((r, i) => r - m.chainStart[i] - reads[i]));
  }
  for (const [k, xs] of Object.entries(m.loadSpans)) row(`  span ratelink:${k} (all renders to ready)`, xs);
  for (const [k, { sums, counts }] of Object.entries(m.loadTotals)) {
    row(`  span ratelink:${k}, sum per run (${median(counts)} per run)`, sums);
  }
  // After the feed's responseEnd (ms from it; spans after it, the last of each name).
  const chain = Object.entries(m.timeline).sort((a, b) => median(a[1]) - median(b[1]));
  for (const [k, xs] of chain) row(`  after feed downloaded and asked for: ${k}`, xs);
  console.log(`  fonts the ready view draws text in (size/weight): ${m.fonts.length}: ${m.fonts.join(", ")}`);
  row("filter keystroke (input -> DOM + layout)", m.keys);
  // The first keystroke of a run also compiles the picker's code (lazily compiled wasm) and
  // may build the search index if idle time has not.
  row("  first keystroke of each run", m.firstKeys);
  row("  the other keystrokes", m.laterKeys);
  for (const [k, xs] of Object.entries(m.keySpans)) row(`  span ratelink:${k} (per keystroke render)`, xs);
  console.log(`(${QUERIES.length} keystrokes per run; the last filter "${QUERIES.at(-1)}" rendered ${m.options} options` +
    (m.setsize ? ` of aria-setsize ${m.setsize})` : ")") + (icons ? `, ${m.iconCount} with icons` : ""));
  if (m.trace.loops) {
    const keys = m.trace.loops * QUERIES.length;
    const t = m.trace;
    console.log(`trace of the keystroke loops (${t.loops} runs, renderer main thread, self time per keystroke; tracing slows the page):`);
    console.log(`  main thread busy in tasks ${(t.busy / keys).toFixed(2)} ms of ${(t.wall / keys).toFixed(2)} ms per keystroke`);
    for (const [k, v] of Object.entries(t.kinds).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(48)} ${ms(v / keys)}`);
    console.log(`  ${"of style + layout: forced from script".padEnd(48)} ${ms((t.forced ?? 0) / keys)}`);
    console.log(`  layouts (dirty/total objects), first 20: ${layoutSizes.slice(0, 20).join(" ")}`);
    const prof = Object.entries(t.profile ?? {}).sort((a, b) => b[1] - a[1]);
    if (prof.length) console.log("  CPU profile (sampled, self time per keystroke; JS glue is the DOM calls from wasm):");
    for (const [k, v] of prof.slice(0, 12)) console.log(`    ${k.slice(0, 46).padEnd(46)} ${ms(v / keys)}`);
    console.log("  top events by self time:");
    for (const [k, v] of Object.entries(t.names).sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`    ${k.padEnd(46)} ${ms(v / keys)}`);
  }
}

try {
  for (const rate of rates) report(await measureRuns(rate));
} finally {
  await close();
}
