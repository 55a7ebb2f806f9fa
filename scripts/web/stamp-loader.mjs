// Produces the shipped loader from www/ratelink.js: substitutes the hashed asset names and the
// minified CSS text for the placeholders, and drops comment lines and indentation.
// Used by scripts/build-web.sh and by tests/e2e/loader.test.mjs (so tests run the shipped form).
// CLI: node stamp-loader.mjs SRC CSSFILE OUT glue=NAME wasm=NAME css=NAME [compareGlue=NAME
// compareWasm=NAME] [parserGlue=NAME parserWasm=NAME] (the compare app's names default to the
// lean app's, the raw-feed parser's to wasm-bindgen's plain ones, for tests that never load them)
// The CLI reads the named files from OUT's directory and stamps their SRI (sha384) values, so
// the loader fetches nothing whose bytes differ from this build.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Conservative CSS minifier: comments and redundant whitespace only. */
export function minifyCss(css) {
  return css.replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*([{};,>])\s*/g, "$1")
    .replace(/;}/g, "}")
    .trim();
}

/** Drops whole-line `//` and single-line `/** *\/` comments, blank lines and indentation. */
export function stripLoader(js) {
  return js.split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("//") && !/^\/\*\*.*\*\/$/.test(l))
    .join("\n") + "\n";
}

/** The Subresource Integrity value of some bytes: `sha384-<base64>`. */
export function sri(bytes) {
  return "sha384-" + createHash("sha384").update(bytes).digest("base64");
}

/** `sri` maps file names to integrity values; a file without one is fetched unchecked. */
export function stampLoader(src, { glue, wasm, compareGlue = glue, compareWasm = wasm, css,
  cssText, parserGlue = "ratelink_parse.js", parserWasm = "ratelink_parse_bg.wasm", sri = {} }) {
  const stamps = { __RATELINK_GLUE__: glue, __RATELINK_WASM__: wasm,
    __RATELINK_COMPARE_GLUE__: compareGlue, __RATELINK_COMPARE_WASM__: compareWasm,
    __RATELINK_CSS__: css,
    __RATELINK_CSS_TEXT__: cssText, __RATELINK_PARSER_GLUE__: parserGlue,
    __RATELINK_PARSER_WASM__: parserWasm, __RATELINK_SRI__: sri };
  let out = stripLoader(src);
  for (const [k, v] of Object.entries(stamps)) {
    const quoted = JSON.stringify(k);
    if (!out.includes(quoted)) throw new Error("loader lacks " + quoted);
    out = out.split(quoted).join(JSON.stringify(v));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [src, cssFile, out, ...kv] = process.argv.slice(2);
  const names = Object.fromEntries(kv.map((s) => s.split("=")));
  const cssText = readFileSync(cssFile, "utf8").trim();
  const integrity = Object.fromEntries(Object.values(names)
    .map((name) => [name, sri(readFileSync(join(dirname(out), name)))]));
  writeFileSync(out, stampLoader(readFileSync(src, "utf8"), { ...names, cssText, sri: integrity }));
}
