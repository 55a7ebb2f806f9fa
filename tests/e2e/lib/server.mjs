// A small static file server on 127.0.0.1 for the browser tests and the perf bench.
import { createServer } from "node:http";
import { brotliCompressSync, constants } from "node:zlib";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * Serves `root` on 127.0.0.1 (free port). `routes` maps exact paths to
 * `{ body, type, headers, status }` and wins over files; a route `{ hang: true }` never answers.
 * Records every request path in `log`, and in `dropped` each one the client gave up on before
 * its answer. With `brotli`, bodies over 1 KiB go brotli-compressed to clients that accept it,
 * as the relay sends them (the benches' network emulation then moves real transfer sizes).
 */
export async function startServer(root, routes = {}, { brotli = false } = {}) {
  const log = [];
  const dropped = [];
  const compressed = new Map(); // path -> its body's brotli bytes (served bodies never change)
  const br = (path, body) => {
    let out = compressed.get(path);
    if (!out) compressed.set(path, out = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    return out;
  };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    log.push(path);
    res.on("close", () => { if (!res.writableEnded) dropped.push(path); });
    const send = (status, body, type, headers = {}) => {
      if (brotli && body.length > 1024 && /\bbr\b/.test(req.headers["accept-encoding"] ?? "")) {
        body = br(path, body);
        headers = { ...headers, "content-encoding": "br", vary: "accept-encoding" };
      }
      res.writeHead(status, {
        "content-type": type,
        "access-control-allow-origin": "*",
        "cache-control": "no-store",
        ...headers,
      });
      res.end(body);
    };
    const route = routes[path];
    if (route?.hang) return;
    if (route) return send(route.status ?? 200, route.body, route.type ?? "text/plain", route.headers);
    const file = normalize(join(root, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(normalize(root + sep))) return send(403, "forbidden", "text/plain");
    try {
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      send(200, await readFile(file), TYPES[extname(file)] ?? "application/octet-stream");
    } catch {
      send(404, "not found", "text/plain");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    dropped,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}
