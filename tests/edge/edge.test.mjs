// The relay behind a real nginx edge configured from deploy/nginx/ (started by
// scripts/test-edge.sh): cache hits, CORS per Origin through the cache, about one relay request
// per max-age, never-cached routes, and the feed served stale with the relay stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

const EDGE = process.env.EDGE_URL;
const TAP = process.env.TAP_URL;
const TAP_LOG = process.env.TAP_LOG;
const RELAY_PID = Number(process.env.RELAY_PID);
assert.ok(EDGE && TAP && TAP_LOG && RELAY_PID, "run through scripts/test-edge.sh");

const FEED = "/feeds/edge";
const ALLOWED = "https://a.example";
const OTHER = "https://b.example";
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** GET with exact headers (no automatic decoding): status, headers, raw body. */
function get(base, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** The JSON of a response, decoded per its Content-Encoding. */
function json(res) {
  const enc = res.headers["content-encoding"];
  const bytes = enc === "br" ? brotliDecompressSync(res.body) : enc === "gzip" ? gunzipSync(res.body) : res.body;
  return JSON.parse(bytes.toString("utf8"));
}

/** Requests the relay has seen (through the tap), optionally only those whose URI starts with `prefix`. */
function relaySaw(prefix = "") {
  let text = "";
  try { text = readFileSync(TAP_LOG, "utf8"); } catch { /* no request yet */ }
  return text.split("\n").filter((l) => l && l.split(" ")[1]?.startsWith(prefix)).length;
}

const maxAge = (res) => Number(/max-age=(\d+)/.exec(res.headers["cache-control"] ?? "")?.[1]);

test("repeated feed requests are cache hits; the relay sees about one request per max-age", async () => {
  const first = await get(EDGE, FEED, { "accept-encoding": "br", origin: ALLOWED });
  assert.equal(first.status, 200);
  assert.ok(json(first).directions.length > 0, "the edge passes the feed through");
  const age = maxAge(first);
  assert.ok(age >= 1, `the relay sends a max-age (${first.headers["cache-control"]})`);

  // 1,000 visitors over about 5 max-age periods, 4 at a time.
  const total = 1000;
  const spreadMs = 5 * age * 1000;
  const before = relaySaw(FEED);
  const started = Date.now();
  const statuses = {};
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      const i = sent++;
      const due = started + (i * spreadMs) / total;
      if (due > Date.now()) await sleep(due - Date.now());
      const r = await get(EDGE, FEED, { "accept-encoding": "br", origin: ALLOWED });
      assert.equal(r.status, 200);
      assert.equal(r.headers["access-control-allow-origin"], ALLOWED);
      const s = r.headers["x-cache-status"] ?? "(none)";
      statuses[s] = (statuses[s] ?? 0) + 1;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const seconds = (Date.now() - started) / 1000;
  const relay = relaySaw(FEED) - before;
  console.log(`edge: relay requests per 1,000 visitor requests: ${relay} ` +
    `(over ${seconds.toFixed(1)} s, max-age ${age} s; edge answers ${JSON.stringify(statuses)})`);
  // STALE: served while the background refresh runs (stale-while-revalidate).
  const served = ["HIT", "UPDATING", "REVALIDATED", "STALE"].reduce((n, s) => n + (statuses[s] ?? 0), 0);
  assert.ok(served >= total * 0.97, `at least 97 % answered from the cache: ${JSON.stringify(statuses)}`);
  // nginx counts expiry in whole seconds: an entry lives max-age to max-age + 1 s.
  const most = Math.ceil(seconds / age) + 2;
  const least = Math.floor(seconds / (age + 1)) - 1;
  assert.ok(relay >= least, `entries expire after max-age: ${relay} relay requests, expected >= ${least}`);
  assert.ok(relay <= most, `about one relay request per max-age: ${relay}, expected <= ${most}`);
});

test("CORS answers stay right per Origin, and codings per Accept-Encoding, through the cache", async () => {
  const ask = (origin, enc = "br") => get(EDGE, FEED, { "accept-encoding": enc, ...(origin ? { origin } : {}) });
  for (let round = 0; round < 2; round++) { // the second round is answered from the cache
    const a = await ask(ALLOWED);
    assert.equal(a.headers["access-control-allow-origin"], ALLOWED, `round ${round}: allowed origin`);
    assert.match(a.headers.vary ?? "", /Origin/);
    const b = await ask(OTHER);
    assert.equal(b.status, 200);
    assert.equal(b.headers["access-control-allow-origin"], undefined,
      `round ${round}: another site's page gets no CORS grant, even from the cache`);
    const none = await ask(null);
    assert.equal(none.headers["access-control-allow-origin"], undefined);
    if (round === 1) {
      for (const r of [a, b, none]) assert.match(r.headers["x-cache-status"], /HIT|UPDATING|REVALIDATED|STALE/);
    }
  }
  const gz = await ask(ALLOWED, "gzip, deflate");
  assert.equal(gz.headers["content-encoding"], "gzip");
  const plain = await ask(ALLOWED, "identity");
  assert.equal(plain.headers["content-encoding"], undefined);
  const br = await ask(ALLOWED, "gzip, deflate, br, zstd");
  assert.equal(br.headers["content-encoding"], "br");
  assert.deepEqual(json(gz).directions, json(plain).directions);
  assert.deepEqual(json(br).directions, json(plain).directions);
});

test("/health and /partner/* are never cached", async () => {
  for (const path of ["/health", "/partner/summary"]) {
    const before = relaySaw(path);
    for (let i = 0; i < 3; i++) {
      const r = await get(EDGE, path, { "accept-encoding": "br", origin: ALLOWED });
      assert.equal(r.headers["x-cache-status"], undefined, `${path} is not looked up in the cache`);
    }
    assert.equal(relaySaw(path) - before, 3, `every ${path} request reaches the relay`);
  }
});

/** POST /partner/login with `password` to `base`, as the visitor at `forwardedFor` (through
 * the tap, which passes X-Forwarded-For on as a proxy in front of it would). */
function login(base, password, forwardedFor) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ password });
    const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
    const req = http.request(base + "/partner/login", { method: "POST", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("behind the proxy, the login limit counts each visitor, not the proxy (deploy/systemd/ratelink.env)", async () => {
  // Five wrong passwords from one visitor: the sixth attempt is refused.
  for (let i = 0; i < 5; i++) assert.equal(await login(TAP, "wrong-guess", "198.51.100.1"), 401, `guess ${i + 1}`);
  assert.equal(await login(TAP, "wrong-guess", "198.51.100.1"), 429, "that visitor is held back");
  // Another visitor behind the same proxy is not locked out by it.
  assert.equal(await login(TAP, "wrong-guess", "198.51.100.2"), 401, "another visitor is still asked for the password");
  assert.equal(await login(TAP, "edge-dashboard-password", "198.51.100.3"), 200, "and the partner can log in");
});

test("the edge limits login attempts per visitor before the relay sees them", async () => {
  await sleep(300); // the tap logs a request after answering it: let the last test's lines land
  const before = relaySaw("/partner/login");
  const statuses = [];
  for (let i = 0; i < 12; i++) statuses.push(await login(EDGE, "wrong-guess"));
  await sleep(300);
  const reached = relaySaw("/partner/login") - before;
  // nginx lets one through and a burst of five more (limit_req burst=5), and answers the
  // rest itself; of those six the relay refuses the sixth (five wrong from this visitor).
  assert.equal(reached, 6, `the relay saw ${reached} of 12 (${statuses.join(" ")})`);
  assert.deepEqual(statuses.slice(6), Array(6).fill(429), "the edge answered the rest");
});

test("with the relay stopped, the edge keeps serving the feed (stale-if-error)", async () => {
  const warm = await get(EDGE, FEED, { "accept-encoding": "br", origin: ALLOWED });
  const age = maxAge(warm);
  const directions = json(warm).directions.length;
  process.kill(RELAY_PID, "SIGTERM");
  for (let i = 0; i < 100; i++) {
    if ((await get(TAP, "/health").catch(() => ({ status: 0 }))).status >= 500) break;
    await sleep(100);
  }
  const direct = await get(TAP, FEED, { "accept-encoding": "br", origin: ALLOWED });
  assert.equal(direct.status, 502, "the relay is down");
  // Past max-age and stale-while-revalidate: only stale-if-error lets the edge answer now.
  const swr = Number(/stale-while-revalidate=(\d+)/.exec(warm.headers["cache-control"])?.[1] ?? 0);
  await sleep((age + swr + 1) * 1000);
  for (const origin of [ALLOWED, OTHER]) {
    const r = await get(EDGE, FEED, { "accept-encoding": "br", origin });
    assert.equal(r.status, 200, "served from the cache");
    assert.equal(r.headers["x-cache-status"], "STALE");
    assert.equal(json(r).directions.length, directions);
    assert.equal(r.headers["access-control-allow-origin"], origin === ALLOWED ? ALLOWED : undefined);
  }
});

