// The embed snippet, as a partner uses it: `ratelink-relay snippet` prints it, a blank page on
// another loopback origin pastes it under the CSP line it printed, and the widget renders with
// every integrity check passing; a file with one byte changed is refused (loader, glue, wasm).
// Started by scripts/test-widget-e2e.sh (RATELINK_E2E_BASE = `ratelink-relay demo` on dist/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "./lib/browser.mjs";

const BASE = process.env.RATELINK_E2E_BASE;
const repo = fileURLToPath(new URL("../../", import.meta.url));
const RELAY_BIN = process.env.RATELINK_E2E_RELAY ?? repo + "target/debug/ratelink-relay";
const PAIR = ["--from", "BTC", "--to", "SBERRUB"];

/** `ratelink-relay snippet` for the demo feed: `{html, csp}` parsed from what it prints. */
async function cliSnippet(publicUrl) {
  const { stdout } = await promisify(execFile)(RELAY_BIN, ["snippet", "--feed", "demo-xml",
    "--exchanger", "https://exchanger.example", "--ref", "demo42", ...PAIR,
    "--public-url", publicUrl, "--assets", repo + "dist"]);
  const [html, rest] = stdout.split("\nContent-Security-Policy");
  assert.ok(rest, "the CLI prints the CSP line after the HTML:\n" + stdout);
  return { html: html.trimEnd() + "\n", csp: rest.trim().split("\n").pop() };
}

/** One byte changed, keeping the file well-formed, so only the integrity check can refuse it. */
const TAMPER = {
  loader(bytes) {
    const at = bytes.indexOf("failed to start");
    assert.ok(at >= 0, "the loader has the message this test alters");
    bytes[at] = "F".charCodeAt(0);
    return bytes;
  },
  glue(bytes) {
    const at = bytes.indexOf("out of js stack"); // an error message wasm-bindgen's glue carries
    assert.ok(at >= 0, "the glue has the message this test alters");
    bytes[at] = "O".charCodeAt(0);
    return bytes;
  },
  wasm(bytes) {
    bytes[bytes.length - 1] ^= 1; // the last section's payload (data or custom): still valid
    assert.ok(WebAssembly.validate(bytes), "the tampered wasm is still a valid module");
    return bytes;
  },
};
const kindOf = (path) => /\/ratelink\.[0-9a-f]+\.js$/.test(path) ? "loader"
  : /\/ratelink-app\.[0-9a-f]+\.js$/.test(path) ? "glue"
    : /\/ratelink_bg\.[0-9a-f]+\.wasm$/.test(path) ? "wasm" : null;

let browser, pages, tamperer;
const pageHtml = new Map(); // path -> {html, csp} served by the partner page server
const servers = [];
async function listen(handler) {
  const server = createServer(handler);
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

before(async () => {
  assert.ok(BASE, "RATELINK_E2E_BASE must point at a running `ratelink-relay demo` (use scripts/test-widget-e2e.sh)");
  browser = await launch();
  // The partner's page: blank but for the snippet, under the CSP line printed with it.
  pages = await listen((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/favicon.ico") { res.writeHead(204).end(); return; }
    const entry = pageHtml.get(url.pathname);
    if (!entry) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": entry.csp });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>partner</title></head>` +
      `<body><h1>Partner page</h1>\n${entry.html}</body></html>`);
  });
  // The relay's files passed through, except that /tamper-KIND/ changes one byte of KIND.
  tamperer = await listen(async (req, res) => {
    const [, prefix, ...rest] = req.url.split("/");
    const path = "/" + rest.join("/");
    const upstream = await fetch(BASE + path, { headers: { "accept-encoding": "identity" } });
    let body = Buffer.from(await upstream.arrayBuffer());
    const kind = kindOf(path);
    if (kind && prefix === "tamper-" + kind) body = TAMPER[kind](Buffer.from(body));
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/octet-stream",
      "access-control-allow-origin": "*",
      "cache-control": "no-store",
    });
    res.end(body);
  });
});
after(async () => {
  await browser?.close();
  for (const s of servers) { s.closeAllConnections?.(); await new Promise((ok) => s.close(ok)); }
});

/** Opens the page with `snippet`; the exchanger's pages are answered locally (no internet). */
async function openSnippet(path, snippet) {
  pageHtml.set(path, snippet);
  const opened = await openPage(browser);
  await opened.context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "exchanger" }));
  await opened.page.goto(pages + path);
  return opened;
}

const widget = "ratelink-widget";
const events = (page) => page.evaluate(() => window.__rlEvents.map((e) => e.type + (e.detail?.kind ? ":" + e.detail.kind : "")));

test("the printed snippet pins exactly the loader the relay serves, and matches GET /snippet", async () => {
  const cli = await cliSnippet(BASE);
  const src = /<script type="module" src="([^"]+)"\s+integrity="(sha384-[^"]+)" crossorigin="anonymous">/.exec(cli.html);
  assert.ok(src, "pinned script tag:\n" + cli.html);
  assert.match(src[1], new RegExp(`^${BASE}/ratelink\\.[0-9a-f]{10}\\.js$`), "versioned loader URL");
  const served = Buffer.from(await (await fetch(src[1])).arrayBuffer());
  assert.equal(src[2], "sha384-" + createHash("sha384").update(served).digest("base64"));
  assert.match(cli.html, /feed="http:\/\/127\.0\.0\.1:\d+\/feeds\/demo-xml"/);
  assert.match(cli.html, /<a href="https:\/\/exchanger\.example\/ref\/demo42\/\?cur_from=BTC&amp;cur_to=SBERRUB" rel="sponsored noopener">Exchange Bitcoin for Sberbank<\/a>/);
  assert.equal(cli.csp, `script-src 'self' ${BASE} 'wasm-unsafe-eval'; connect-src 'self' ${BASE}; style-src 'self' ${BASE}`);

  const route = await (await fetch(`${BASE}/snippet?feed=demo-xml&from=BTC&to=SBERRUB`)).json();
  assert.deepEqual(route, cli, "the relay route and the CLI make the same snippet");
  const bad = await fetch(`${BASE}/snippet?feed=nope`);
  assert.equal(bad.status, 404);
  assert.match((await bad.json()).message, /unknown feed "nope"/);
});

test("pasted into a page on another origin under its CSP line, the widget renders", async () => {
  const snippet = await cliSnippet(BASE);
  const { page, problems, context } = await openSnippet("/ok.html", snippet);
  await page.waitForFunction(() => window.__rlEvents.some((e) => e.type === "ratelink:ready"), null, { timeout: 60000 });
  await page.locator(`${widget} [part~="rate"]`).first().waitFor({ state: "visible" });
  assert.match(await page.locator(`${widget} [part~="rate"]`).first().innerText(), /\d/);
  assert.equal(await page.locator(`${widget} > a`).isVisible(), false, "the fallback link gives way to the widget");
  assert.deepEqual(problems, [], "no CSP violation, integrity error or console error");
  await context.close();
});

for (const kind of ["loader", "glue", "wasm"]) {
  test(`a ${kind} with one byte changed is refused and the fallback link stays`, async () => {
    const snippet = await cliSnippet(`${tamperer}/tamper-${kind}`);
    const { page, problems, context } = await openSnippet(`/tampered-${kind}.html`, {
      html: snippet.html, csp: snippet.csp,
    });
    const link = page.locator(`${widget} > a`);
    if (kind === "loader") {
      await page.waitForFunction(() => document.readyState === "complete");
      await page.waitForTimeout(500);
      assert.equal(await page.evaluate(() => !!customElements.get("ratelink-widget")), false,
        "the tampered loader never ran");
    } else {
      await page.waitForFunction(() => window.__rlEvents.some((e) => e.type === "ratelink:error"), null, { timeout: 60000 });
      assert.deepEqual(await events(page), ["ratelink:error:load"]);
    }
    assert.ok(await link.isVisible(), "the no-JS link is shown");
    assert.equal(await link.getAttribute("href"), "https://exchanger.example/ref/demo42/?cur_from=BTC&cur_to=SBERRUB");
    assert.ok(problems.some((p) => /integrity/i.test(p)), "the browser reports the integrity mismatch:\n" + problems.join("\n"));
    await context.close();
  });
}

test("the demo page shows the same snippet for the pair in view, and its copy button copies it", async () => {
  const { page, problems, context } = await openPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
  await context.route("https://exchanger.example/**", (r) => r.fulfill({ status: 200, body: "exchanger" }));
  await page.goto(BASE + "/");
  const code = page.locator("#embed-code");
  const want = async (from, to) => (await (await fetch(`${BASE}/snippet?feed=demo-xml&from=${from}&to=${to}`)).json());
  const first = await want("BTC", "SBERRUB");
  await page.waitForFunction((html) => document.getElementById("embed-code").textContent === html, first.html);
  assert.equal(await page.locator("#embed-csp").innerText(), first.csp);
  // It is the code of the widget beside it: the same feed, exchanger and partner code.
  const widgetAttrs = await page.evaluate(() => ["feed", "exchanger", "ref"].map((a) => document.getElementById("w-default").getAttribute(a)));
  const snippetAttrs = ["feed", "exchanger", "ref"].map((a) => first.html.match(new RegExp(`<ratelink-widget[^>]* ${a}="([^"]*)"`))?.[1]);
  assert.deepEqual(snippetAttrs.map((v, i) => (i === 0 ? new URL(v).pathname : v)), widgetAttrs);
  // The visitor picks another pair in the first widget: the code follows it.
  await page.waitForFunction(() => window.__rlEvents.some((e) => e.type === "ratelink:ready" && e.id === "w-default"));
  await page.evaluate(() => document.getElementById("w-default").setPair("ETH", "SBERRUB"));
  const second = await want("ETH", "SBERRUB");
  await page.waitForFunction((html) => document.getElementById("embed-code").textContent === html, second.html);
  assert.match(await code.innerText(), /from="ETH" to="SBERRUB"/);
  await page.getByRole("button", { name: "Copy the code" }).click();
  await page.waitForFunction(() => document.getElementById("embed-note").textContent === "Copied.");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), second.html);
  assert.deepEqual(problems.filter((p) => !/demo-broken/.test(p)), []);
  await context.close();
});
