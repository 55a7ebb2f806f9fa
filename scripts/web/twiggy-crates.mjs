// Reads `twiggy top -f csv` on stdin and prints the wasm's bytes per owner (crate or kind of
// item), largest first, so bench/size.sh shows where a change's bytes went.
// Twiggy does not say which crate instantiated generic code, so an item goes by the path that
// names it first (`alloc::vec::Vec<T>::push` counts as alloc whoever calls it).
import { readFileSync } from "node:fs";

/** Splits one CSV line (RFC 4180 quoting) into fields. */
function fields(line) {
  const out = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

// First match wins: Debug and fmt before the crates, since `<X as core::fmt::Debug>::fmt`
// is formatting code whatever X is.
// Paths of the standard library carry a hash (`core[c5930c85a12de822]::str`): `crate("core")`
// matches both spellings at the start of a name (or of its `<impl ...>` form).
const crate = (names) => new RegExp(`^<?&?(${names})(\\[[0-9a-f]+\\])?::`);
const OWNERS = [
  ["data segments (strings, tables)", /^data\[/],
  ["Debug impls and escaping", /as core(\[[0-9a-f]+\])?::fmt::Debug>|escape_debug|unicode::printable/],
  ["core::fmt (formatting)", /^<?&?(core|alloc)(\[[0-9a-f]+\])?::fmt|_fmt_inner|pad_integral|as core::fmt::(Display|Write)>/],
  ["ratelink (widget)", crate("ratelink")],
  ["ratelink_core", crate("ratelink_core")],
  ["yew", crate("yew|implicit_clone|prokio")],
  ["hashbrown / HashMap", crate("hashbrown|std::collections::hash")],
  ["wasm-bindgen descriptors (removed by wasm-bindgen, not shipped)", /describe/],
  ["wasm-bindgen / js-sys / web-sys", /^<?&?(wasm_bindgen|js_sys|web_sys)|__wbg|__wbindgen/],
  ["gloo", crate("gloo[a-z_]*")],
  ["serde", crate("serde[a-z_]*")],
  ["128-bit integer maths (compiler_builtins)", /compiler_builtins|u128|i128/],
  ["alloc (Vec, String, Rc, sort)", crate("alloc|__rustc")],
  ["core (other)", crate("core")],
  ["dlmalloc (allocator)", /dlmalloc/],
  ["std", crate("std")],
];

const lines = readFileSync(0, "utf8").split("\n").filter((l) => l.trim());
const header = fields(lines.shift() ?? "");
const nameAt = header.findIndex((h) => /^name$/i.test(h.trim()));
const sizeAt = header.findIndex((h) => /^shallow ?size$/i.test(h.trim()));
if (nameAt < 0 || sizeAt < 0) {
  console.error(`twiggy-crates: unexpected CSV header: ${header.join(",")}`);
  process.exit(1);
}
const totals = new Map();
let all = 0;
for (const line of lines) {
  const f = fields(line);
  const name = f[nameAt] ?? "";
  const size = Number(f[sizeAt]);
  if (!Number.isFinite(size) || /^Σ|^\.\.\. and /.test(name)) continue;
  const owner = (OWNERS.find(([, re]) => re.test(name)) ?? ["other (unnamed functions, tables)"])[0];
  totals.set(owner, (totals.get(owner) ?? 0) + size);
  all += size;
}
for (const [owner, size] of [...totals].sort((a, b) => b[1] - a[1])) {
  const pct = ((100 * size) / all).toFixed(1).padStart(5);
  console.log(`${String(size).padStart(9)} B ${pct} %  ${owner}`);
}
console.log(`${String(all).padStart(9)} B 100.0 %  total`);
