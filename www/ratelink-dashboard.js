// ratelink dashboard loader: defines <ratelink-dashboard> and loads the partner dashboard's own
// wasm bundle (never the visitor widget's, and the widget never loads this one).
// Plain ES module, no dependencies. scripts/build-web.sh stamps the hashed asset names.
//
// Attributes: relay (URL prefix of the relay; default this page's origin), lang (en|ru; default
// the page's), theme (auto|light|dark), direct ("off" hides direct mode).
// There is deliberately no attribute for a partner key: a key in page markup is readable by every
// script on the page. The relay holds the key; direct mode asks for it at run time.

const TAG = "ratelink-dashboard";
const GLUE = "__RATELINK_DASHBOARD_GLUE__";
const WASM = "__RATELINK_DASHBOARD_WASM__";
const CSS_URL = "__RATELINK_DASHBOARD_CSS__";
const CONFIG_ATTRS = ["relay", "lang", "direct"];
const FORBIDDEN = ["key", "api-key", "api_key", "data-key", "data-api-key", "token"];

const asset = (name) => new URL(name, import.meta.url).href;

let app = null;
function loadApp() {
  app ??= import(asset(GLUE)).then(async (glue) => {
    await glue.default({ module_or_path: asset(WASM) });
    return glue;
  }).catch((err) => { app = null; throw err; });
  return app;
}

class RatelinkDashboard extends HTMLElement {
  static get observedAttributes() { return ["theme", ...CONFIG_ATTRS]; }

  connectedCallback() {
    if (!this.shadowRoot) {
      const shadow = this.attachShadow({ mode: "open" });
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = asset(CSS_URL);
      this.root = document.createElement("div");
      this.root.className = "rd-root";
      this.root.setAttribute("part", "root");
      shadow.append(link, this.root);
    }
    this.applyTheme();
    this.start();
  }

  disconnectedCallback() {
    // Deferred a task so moving the element keeps the app.
    setTimeout(() => { if (!this.isConnected) this.stop(); });
  }

  attributeChangedCallback(name) {
    if (!this.root) return;
    if (name === "theme") return this.applyTheme();
    this.stop();
    this.start();
  }

  applyTheme() {
    const theme = (this.getAttribute("theme") || "auto").toLowerCase();
    this.root.dataset.theme = theme === "light" || theme === "dark" ? theme : "auto";
  }

  config() {
    const config = {};
    for (const name of CONFIG_ATTRS) {
      const v = this.getAttribute(name);
      if (v !== null) config[name] = v;
    }
    config.pageLang = this.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang || navigator.language || "";
    return config;
  }

  fail(message) {
    const p = document.createElement("p");
    p.className = "rd-error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    this.root.replaceChildren(p);
    this.dispatchEvent(new CustomEvent("ratelink:error", { bubbles: true, composed: true, detail: { kind: "load", message } }));
  }

  start() {
    if (this.handle || this.starting) return;
    if (FORBIDDEN.some((a) => this.hasAttribute(a))) {
      this.fail("ratelink-dashboard: a partner key must never be put in page markup; configure it in the relay.");
      return;
    }
    this.starting = true;
    const generation = (this.generation = (this.generation || 0) + 1);
    loadApp().then((glue) => {
      this.starting = false;
      if (!this.isConnected || this.handle) return;
      if (generation !== this.generation) return this.start(); // attributes changed meanwhile
      this.root.replaceChildren();
      this.handle = glue.mount(this.root, this.config());
      this.dispatchEvent(new CustomEvent("ratelink:ready", { bubbles: true, composed: true }));
    }, (err) => {
      this.starting = false;
      this.fail("ratelink-dashboard failed to load: " + ((err && err.message) || err));
    });
  }

  stop() {
    this.generation = (this.generation || 0) + 1;
    const handle = this.handle;
    this.handle = null;
    if (handle) {
      try { handle.destroy(); } catch (err) { console.error("ratelink-dashboard: destroy failed", err); }
    }
    this.root?.replaceChildren();
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, RatelinkDashboard);
