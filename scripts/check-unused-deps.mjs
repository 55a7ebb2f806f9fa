#!/usr/bin/env node
// Fails when any crate of the repository declares a dependency its Rust sources never name
// (the check cargo-machete makes, without installing it): for every Cargo.toml outside target/,
// node_modules/ and .tools/, each key of [dependencies], [dev-dependencies], [build-dependencies]
// and their [target.'cfg'.…] forms must appear in the crate's .rs files as `name::`, `use name`
// or `extern crate name` (dashes read as underscores). A dependency needed only for its Cargo
// features is listed, with the reason beside it, in `[package.metadata.cargo-machete] ignored`.
// Usage: node scripts/check-unused-deps.mjs [ROOT]   (prints one line per crate; exit 1 on any)
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(process.argv[2] ?? new URL("..", import.meta.url).pathname);
const SKIP = new Set(["target", "node_modules", ".tools", ".git", "dist"]);

/** Directories under `dir` (itself included) holding a Cargo.toml. */
function crates(dir, found = []) {
  if (existsSync(join(dir, "Cargo.toml"))) found.push(dir);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!SKIP.has(name) && !name.startsWith(".") && statSync(path).isDirectory()) crates(path, found);
  }
  return found;
}

/** The .rs files of the crate at `dir`, not descending into nested crates. */
function sources(dir, top = dir, found = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      if (!SKIP.has(name) && !existsSync(join(path, "Cargo.toml"))) sources(path, top, found);
    } else if (name.endsWith(".rs")) {
      found.push(path);
    }
  }
  return found;
}

/** Declared dependency keys and the ignore list of one Cargo.toml (the subset of TOML it uses). */
function manifest(text) {
  const deps = new Set();
  let ignored = [];
  let section = "";
  const depTable = /^(?:target\..+\.)?(?:dev-|build-)?dependencies$/;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\s+#.*$/, "").trim();
    if (!line || line.startsWith("#")) continue;
    const header = line.match(/^\[\[?([^\]]+)\]\]?$/);
    if (header) {
      section = header[1].trim();
      // [dependencies.name] tables.
      const sub = section.match(/^(?:target\..+\.)?(?:dev-|build-)?dependencies\.([A-Za-z0-9_-]+)$/);
      if (sub) deps.add(sub[1]);
      continue;
    }
    const key = line.match(/^([A-Za-z0-9_-]+)\s*=/);
    if (!key) continue;
    if (depTable.test(section)) deps.add(key[1]);
    if (section === "package.metadata.cargo-machete" && key[1] === "ignored") {
      let value = line.slice(line.indexOf("=") + 1);
      while (!value.includes("]") && i + 1 < lines.length) value += lines[++i];
      ignored = [...value.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    }
  }
  return { deps, ignored };
}

function packageName(text) {
  const m = text.match(/^\[package\][^[]*?^name\s*=\s*"([^"]+)"/ms);
  return m ? m[1] : null;
}

let bad = 0;
for (const dir of crates(root)) {
  const text = readFileSync(join(dir, "Cargo.toml"), "utf8");
  const name = packageName(text);
  if (!name) continue; // a virtual workspace manifest declares no dependencies of its own
  const { deps, ignored } = manifest(text);
  // Line comments removed: a dependency named only in a comment is still unused.
  const code = sources(dir)
    .map((f) => readFileSync(f, "utf8").replace(/^\s*\/\/.*$/gm, ""))
    .join("\n");
  const unused = [...deps].filter((dep) => {
    if (ignored.includes(dep)) return false;
    const id = dep.replace(/-/g, "_");
    const used = new RegExp(
      `(?<![A-Za-z0-9_])${id}::|\\buse\\s+${id}\\b|\\bextern\\s+crate\\s+${id}\\b`);
    return !used.test(code);
  });
  const where = relative(root, dir) || ".";
  if (unused.length) {
    bad++;
    console.log(`${name} (${where}): declared but never used: ${unused.sort().join(", ")}`);
  } else {
    console.log(`${name} (${where}): ${deps.size} dependencies, all used`);
  }
}
if (bad) {
  console.log(`unused dependencies in ${bad} crate(s): remove them, or list one needed only for its ` +
    "features under [package.metadata.cargo-machete] ignored, with the reason");
  process.exit(1);
}
