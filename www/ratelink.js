// ratelink loader: defines <ratelink-widget>, upgrades <div data-ratelink-widget>, and loads the
// shared wasm app once, lazily, when the first widget nears the viewport or is interacted with.
// Two app bundles: the lean one for the `full` and `compact` layouts, and one with the compare
// layout, fetched only for a widget whose `layout` is `compare`; each at most once per page.
// Plain ES module, no dependencies. scripts/build-web.sh stamps the hashed asset names and the CSS.

const TAG = "ratelink-widget";
const DIV_SELECTOR = "[data-ratelink-widget]:not(ratelink-widget)";
/** Attributes forwarded to the app (also accepted with a `data-` prefix). */
const ATTRS = ["exchanger", "ref", "feed", "link-template", "from", "to", "amount", "currencies",
  "exclude", "theme", "lang", "refresh", "layout", "target", "placement", "placement-param"];
const OBSERVED = ATTRS.concat(ATTRS.map((a) => "data-" + a));
const GLUE = "__RATELINK_GLUE__";
const WASM = "__RATELINK_WASM__";
// The app built with the compare layout (issue 17), for `layout="compare"` widgets only.
const COMPARE_GLUE = "__RATELINK_COMPARE_GLUE__";
const COMPARE_WASM = "__RATELINK_COMPARE_WASM__";
/** Glue and wasm of each app bundle, by the name `Instance.bundle()` gives. */
const BUNDLES = { lean: [GLUE, WASM], compare: [COMPARE_GLUE, COMPARE_WASM] };
const CSS_URL = "__RATELINK_CSS__";
const CSS_TEXT = "__RATELINK_CSS_TEXT__";
// The raw-feed parser bundle (crates/parse-wasm), loaded only when a feed is no relay JSON.
const PARSER_GLUE = "__RATELINK_PARSER_GLUE__";
const PARSER_WASM = "__RATELINK_PARSER_WASM__";
// Subresource Integrity (sha384) of each file above, stamped at build time: the snippet pins
// this loader, and the loader pins everything it fetches. Empty means unchecked (tests).
const SRI = "__RATELINK_SRI__";

const asset = (name) => new URL(name, import.meta.url).href;

/** fetch() of one of our files, refused by the browser unless its bytes match the build. */
const fetchPinned = (name) => fetch(asset(name), SRI[name] ? { integrity: SRI[name] } : {});

/**
 * import() of one of our modules, pinned: a `<link rel=modulepreload integrity>` fetches and
 * checks it into the module map first, so the import below gets exactly those bytes (or, on a
 * mismatch, never runs). Browsers without modulepreload import it unchecked.
 */
function importPinned(name) {
  const url = asset(name);
  const link = document.createElement("link");
  if (!SRI[name] || !link.relList?.supports?.("modulepreload")) return import(url);
  return new Promise((resolve, reject) => {
    link.rel = "modulepreload";
    link.crossOrigin = "anonymous";
    link.integrity = SRI[name];
    link.href = url;
    link.onload = resolve;
    link.onerror = () => reject(new Error("integrity check or download failed: " + url));
    document.head.append(link);
  }).then(() => import(url));
}

/** Each bundle's glue module, initialised; one promise per bundle for every instance on the page. */
const apps = {};
/** Bundles whose app has loaded: a widget waking now mounts at once. */
const appReady = {};
function loadApp(bundle) {
  if (apps[bundle]) return apps[bundle];
  const [glueName, wasmName] = BUNDLES[bundle];
  let violation = false;
  const onViolation = (e) => { if (/wasm|eval|script/.test(e.effectiveDirective + e.blockedURI)) violation = true; };
  document.addEventListener("securitypolicyviolation", onViolation);
  // The wasm download starts alongside the glue import instead of after it.
  const wasm = fetchPinned(wasmName);
  wasm.catch(() => {}); // reported through init below
  const app = apps[bundle] = importPinned(glueName)
    .then(async (glue) => {
      await glue.default({ module_or_path: wasm });
      if (typeof glue.mount !== "function") throw new Error("the widget module exports no mount()");
      appReady[bundle] = true;
      return glue;
    })
    .catch((err) => {
      const message = String((err && err.message) || err);
      const csp = violation || /Content Security Policy|unsafe-eval|wasm-eval/i.test(message);
      if (!csp) delete apps[bundle]; // a network failure may pass; a later widget retries
      throw { kind: csp ? "csp" : "load", message };
    })
    .finally(() => document.removeEventListener("securitypolicyviolation", onViolation));
  return app;
}

/**
 * Feeds fetched while the app downloads, by absolute URL: a widget that wakes before its app has
 * loaded starts its feed's request alongside the app's files instead of after them, and the app's
 * first request for that URL takes the response (`config.takeFeed`). An entry ends when an app
 * takes it, or is aborted once no widget waits for it (torn down, failed, or mounted without
 * taking it: its `feed` changed or was refused).
 */
const prefetched = new Map();
const MOUNTED_UNTAKEN_MS = 10000;

/** The absolute http(s) URL a `feed` value names, or null (the app reads other values itself). */
function feedHref(value) {
  const text = value?.trim();
  if (!text || /\s/.test(text)) return null;
  try {
    const url = new URL(text, document.baseURI);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Starts (or joins) the request for `inst`'s feed, as the app's first request would make it. */
function prefetchFeed(inst) {
  const href = feedHref(inst.attr("feed"));
  if (!href || inst.feedHref === href) return;
  releaseFeed(inst);
  let entry = prefetched.get(href);
  if (!entry) {
    const controller = new AbortController();
    const response = fetch(href, { cache: "no-cache", signal: controller.signal });
    response.catch(() => {}); // the app that takes it reports the failure
    prefetched.set(href, entry = { response, controller, waiting: new Set() });
  }
  entry.waiting.add(inst);
  inst.feedHref = href;
}

/** `inst` no longer waits for its prefetched feed; the request is aborted when no widget does. */
function releaseFeed(inst) {
  const href = inst.feedHref;
  inst.feedHref = null;
  const entry = href && prefetched.get(href);
  if (!entry || !entry.waiting.delete(inst) || entry.waiting.size) return;
  prefetched.delete(href);
  entry.controller.abort();
}

/**
 * `config.takeFeed(url, signal)`: the prefetched `Promise<Response>` for `url`, handed over
 * once, or undefined. From then on the app's abort `signal` aborts it.
 */
function takeFeed(url, signal) {
  const href = feedHref(url);
  const entry = href && prefetched.get(href);
  if (!entry) return undefined;
  prefetched.delete(href);
  if (signal?.aborted) entry.controller.abort();
  else signal?.addEventListener("abort", () => entry.controller.abort(), { once: true });
  return entry.response;
}

/**
 * Raw exchanger feed (XML/JSON/TXT) -> the relay's normalized JSON text, for the app
 * (`config.normalizeFeed`). The parser bundle is imported on first use only, once per page.
 */
let parser = null;
function normalizeFeed(bytes, contentType) {
  parser ??= importPinned(PARSER_GLUE)
    .then(async (glue) => { await glue.default({ module_or_path: fetchPinned(PARSER_WASM) }); return glue; })
    .catch((err) => { parser = null; throw err; }); // a later feed retries
  return parser.then((glue) => glue.normalize(bytes, contentType ?? undefined));
}

/** The stylesheet shared by every shadow root (constructed once). */
let sheet;
function applyStyles(shadow) {
  try {
    if (!sheet) {
      const built = new CSSStyleSheet();
      built.replaceSync(CSS_TEXT);
      sheet = built; // only once it worked, or every later widget would get an empty sheet
    }
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    // No constructable stylesheets: link the same CSS file (style-src must allow its origin).
    const link = document.createElement("link");
    link.rel = "stylesheet";
    if (SRI[CSS_URL]) { link.crossOrigin = "anonymous"; link.integrity = SRI[CSS_URL]; }
    link.href = asset(CSS_URL);
    shadow.prepend(link);
  }
}

/**
 * The widget's natural width for shrink-to-fit hosts (table cells, floats, flex and grid items,
 * inline-blocks): `.rl-root` is a size container, which has no intrinsic width of its own, so two
 * invisible boxes beside it give the host a min-content width (the first box) and a max-content
 * width (both on one line). See "Sizing" in docs/embedding.md.
 */
function sizer() {
  const el = document.createElement("div");
  el.className = "rl-sizer";
  el.setAttribute("aria-hidden", "true");
  el.append(document.createElement("span"), document.createElement("span"));
  return el;
}

/**
 * One hidden character in each font of the widget's type scale (1em and 0.8em at 400 and 600,
 * inputs at 16px; www/ratelink.css), laid out beside the root while the app downloads: the
 * browser looks a font up and loads it at the first layout that uses it (about 3 ms each at 4x
 * CPU), so the app's first views find them loaded. See docs/performance.md, issue 15.
 */
function fontWarmUp() {
  const el = document.createElement("div");
  el.className = "rl-font-warm";
  el.setAttribute("aria-hidden", "true");
  for (const size of ["", " rl-warm-small", " rl-warm-input"]) {
    for (const weight of ["", " rl-warm-600"]) {
      const span = document.createElement("span");
      span.className = (size + weight).trim();
      span.textContent = "0";
      el.append(span);
    }
  }
  return el;
}

/** Instances by host element, for the shared observers. */
const instances = new WeakMap();
const divInstances = new Set();
let nearObserver;
function observeNear(inst) {
  if (typeof IntersectionObserver !== "function") return inst.wake();
  nearObserver ??= new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) instances.get(e.target)?.wake();
  }, { rootMargin: "100% 0px" });
  nearObserver.observe(inst.host);
}
const INTERACTIONS = ["pointerover", "focusin", "touchstart"];

/** One widget: its shadow root, fallback slot, app handle and lifecycle. */
class Instance {
  constructor(host) {
    this.host = host;
    this.handle = null;
    this.live = false; // connected and wanted
    this.waking = false;
    this.bundleMounted = null; // which app bundle `handle` comes from
    this.calls = []; // element API calls made before mount
    this.teardownTimer = 0;
    this.updateQueued = false;
    this.warm = null; // the font warm-up, added once when the widget first wakes
    this.feedHref = null; // the prefetched feed this widget waits for
    this.feedTimer = 0;
    const shadow = host.attachShadow({ mode: "open" });
    applyStyles(shadow);
    this.root = document.createElement("div");
    this.root.className = "rl-root";
    this.root.setAttribute("part", "root");
    this.fallback = document.createElement("div");
    this.fallback.className = "rl-slot";
    this.fallback.setAttribute("part", "fallback");
    this.fallback.append(document.createElement("slot"));
    shadow.append(this.root, sizer(), this.fallback);
    this.onWake = () => this.wake();
    host.addEventListener("ratelink:ready", () => { this.fallback.hidden = true; });
    // The app reports an error only when nothing usable is left (docs/embedding.md, "Events and JavaScript API").
    host.addEventListener("ratelink:error", () => { this.fallback.hidden = false; });
    instances.set(host, this);
  }

  connect() {
    clearTimeout(this.teardownTimer);
    if (this.live) return;
    this.live = true;
    if (this.handle) return;
    observeNear(this);
    for (const t of INTERACTIONS) this.host.addEventListener(t, this.onWake, { passive: true });
  }

  /** Called on disconnect; deferred by a task so moving the element keeps the app. */
  disconnect() {
    clearTimeout(this.teardownTimer);
    this.teardownTimer = setTimeout(() => { if (!this.host.isConnected) this.teardown(); });
  }

  stopWatching() {
    nearObserver?.unobserve(this.host);
    for (const t of INTERACTIONS) this.host.removeEventListener(t, this.onWake);
  }

  /** The app bundle this widget's layout needs (the app reads `layout` the same way). */
  bundle() {
    return this.attr("layout")?.trim() === "compare" ? "compare" : "lean";
  }

  /** An attribute's value (plain wins over `data-`), or null. */
  attr(name) {
    return this.host.getAttribute(name) ?? this.host.getAttribute("data-" + name);
  }

  wake() {
    this.stopWatching();
    if (this.handle || this.waking || !this.live) return;
    this.waking = true;
    if (!this.warm) this.fallback.after(this.warm = fontWarmUp());
    const bundle = this.bundle();
    if (!appReady[bundle]) prefetchFeed(this);
    loadApp(bundle).then(
      (glue) => { this.waking = false; this.mount(glue, bundle); },
      (err) => {
        this.waking = false;
        releaseFeed(this);
        if (this.live) this.fail(err.kind, err.message);
      },
    );
  }

  mount(glue, bundle) {
    if (!this.live || this.handle || !this.host.isConnected) return;
    // The layout changed while the bundle loaded: load the one it needs now.
    if (bundle !== this.bundle()) return this.wake();
    this.warm?.remove(); // its fonts stay loaded for the page
    try {
      this.bundleMounted = bundle;
      this.handle = glue.mount(this.host, this.root, this.config());
    } catch (err) {
      releaseFeed(this);
      this.fail("load", "the widget failed to start: " + ((err && err.message) || err));
      return;
    }
    // The app takes its feed in its first effects: one still untaken 10 s after mounting is not
    // wanted (the `feed` changed, or the app refused it).
    clearTimeout(this.feedTimer);
    this.feedTimer = setTimeout(() => releaseFeed(this), MOUNTED_UNTAKEN_MS);
    const calls = this.calls.splice(0);
    for (const [name, args] of calls) this.call(name, ...args);
  }

  teardown() {
    this.live = false;
    this.stopWatching();
    divInstances.delete(this);
    clearTimeout(this.feedTimer);
    releaseFeed(this);
    this.unmount();
  }

  /** Destroys the app and empties the root; the fallback shows until the next mount. */
  unmount() {
    const handle = this.handle;
    this.handle = null;
    this.calls.length = 0;
    if (handle) {
      try { handle.destroy(); } catch (err) { console.error("ratelink: destroy failed", err); }
    }
    this.root.replaceChildren();
    for (const a of [...this.root.attributes]) {
      if (a.name !== "class" && a.name !== "part") this.root.removeAttribute(a.name);
    }
    this.fallback.hidden = false;
  }

  fail(kind, message) {
    this.fallback.hidden = false;
    this.host.dispatchEvent(new CustomEvent("ratelink:error", {
      bubbles: true, composed: true, detail: { kind, message },
    }));
  }

  /** Forwards an element API call to the app, or queues it until the app has mounted. */
  call(name, ...args) {
    if (!this.handle) {
      this.calls.push([name, args]);
      if (this.live) this.wake(); // an API call counts as interaction
      return;
    }
    try { this.handle[name](...args); } catch (err) { console.error("ratelink: " + name + " failed", err); }
  }

  /** The app's state as a plain object (`el.state()`), or null before the app has mounted. */
  state() {
    try { return this.handle ? this.handle.state() : null; } catch (err) { console.error("ratelink: state failed", err); return null; }
  }

  /**
   * Batches attribute changes into one `update` per microtask. A layout that needs the other
   * app bundle remounts the widget with it (the app's own state starts over, as on first load).
   */
  configChanged() {
    if (!this.handle || this.updateQueued) return;
    this.updateQueued = true;
    queueMicrotask(() => {
      this.updateQueued = false;
      if (!this.handle) return;
      if (this.bundle() === this.bundleMounted) return this.call("update", this.config());
      this.unmount();
      this.wake();
    });
  }

  /** Attribute values by name (plain wins over `data-`), plus `pageLang` for the default. */
  config() {
    const config = {};
    for (const name of ATTRS) {
      const v = this.attr(name);
      if (v !== null) config[name] = v;
    }
    config.pageLang = this.host.parentElement?.closest("[lang]")?.getAttribute("lang")
      || document.documentElement.lang || navigator.language || "";
    // Not enumerable: the config stays a plain list of attributes when iterated or logged.
    Object.defineProperty(config, "normalizeFeed", { value: normalizeFeed });
    Object.defineProperty(config, "takeFeed", { value: takeFeed });
    return config;
  }
}

function define() {
  const of = (el) => instances.get(el) ?? new Instance(el);
  class RatelinkWidget extends HTMLElement {
    static get observedAttributes() { return OBSERVED; }
    connectedCallback() { of(this).connect(); }
    disconnectedCallback() { instances.get(this)?.disconnect(); }
    attributeChangedCallback() { instances.get(this)?.configChanged(); }
    /** Selects the give/get pair. */
    setPair(from, to) { of(this).call("setPair", from, to); }
    /** Reloads the feed now. */
    refresh() { of(this).call("refresh"); }
    /** The current pair, amounts, rate, reserve, limits and staleness as a plain object. */
    state() { return of(this).state(); }
  }
  customElements.define(TAG, RatelinkWidget);

  // <div data-ratelink-widget data-feed=...> for editors that strip unknown tags.
  const upgradeDiv = (el) => {
    let inst = instances.get(el);
    if (inst) { divInstances.add(inst); inst.connect(); return; } // re-inserted after teardown
    if (el.shadowRoot) return;
    inst = new Instance(el);
    divInstances.add(inst);
    new MutationObserver(() => inst.configChanged()).observe(el, { attributeFilter: OBSERVED });
    el.setPair = (from, to) => inst.call("setPair", from, to);
    el.refresh = () => inst.call("refresh");
    el.state = () => inst.state();
    inst.connect();
  };
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches(DIV_SELECTOR)) upgradeDiv(node);
    for (const el of node.querySelectorAll(DIV_SELECTOR)) upgradeDiv(el);
  };
  scan(document.documentElement);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) scan(n);
    for (const inst of divInstances) {
      if (inst.host.isConnected) inst.connect();
      else if (inst.live) inst.disconnect();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}

// Loading the script twice (even from two URLs) must be harmless.
if (!customElements.get(TAG)) define();
