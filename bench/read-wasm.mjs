// The widget's feed reader compiled to wasm (the `web` profile's settings, see
// bench/read-wasm/Cargo.toml) and run in Node on the bench feed (bench/gen-feed.mjs, 5,000
// directions), beside V8's JSON.parse of the same text, for the widget's reader (direct) and the
// JSON-tree reader it replaced. Two figures each: "cold", the one read a page
// makes (a freshly compiled module: baseline-compiled code, fresh memory), and "warm", the
// median of later reads in one instance (optimized code).
// Usage: node bench/read-wasm.mjs WASM [--directions N] [--runs N]
import { readFileSync } from "node:fs";
import { generateFeed } from "./gen-feed.mjs";
import { median, opt } from "./lib/figures.mjs";

const args = process.argv.slice(2);
const n = opt(args, "--directions", 5000);
const runs = opt(args, "--runs", 15);
const wasm = readFileSync(args[0]);
const text = JSON.stringify(generateFeed(n));
const bytes = new TextEncoder().encode(text);
const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };

// V8 shares compiled code between modules of identical bytes: a custom section named after the
// run makes each cold module new.
let fresh = 0;
function coldInstance() {
  const name = new TextEncoder().encode(`run${fresh++}`);
  const section = Uint8Array.of(0, name.length + 1, name.length, ...name);
  const mod = new WebAssembly.Module(Buffer.concat([wasm, section]));
  return new WebAssembly.Instance(mod, {}).exports;
}
function readWith(exports, which) {
  const at = exports.buffer(bytes.length); // may grow the memory: view it after
  new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
  let count;
  const ms = time(() => { count = exports.read(which); });
  if (count !== n) throw new Error(`reader ${which} read ${count} of ${n} directions`);
  return ms;
}

const READERS = [["widget: direct reader", 0], ["before: JSON-tree reader", 1]];
const warm = coldInstance();
const t = { parse: [], cold: READERS.map(() => []), warm: READERS.map(() => []) };
for (let i = 0; i < runs; i++) {
  t.parse.push(time(() => JSON.parse(text)));
  READERS.forEach(([, which], r) => {
    t.cold[r].push(readWith(coldInstance(), which));
    t.warm[r].push(readWith(warm, which));
  });
}
const jp = median(t.parse);
const cell = (xs) => `${median(xs).toFixed(2).padStart(8)} ms ${(median(xs) / jp).toFixed(1).padStart(5)}x`;
console.log(`read-wasm: ${n} directions, ${(bytes.length / 1024).toFixed(0)} KiB, median of ${runs}, Node ${process.version}`);
console.log(`${"reader".padEnd(36)} ${"cold (one read)".padStart(17)}  ${"warm".padStart(17)}`);
console.log(`${"JSON.parse (V8)".padEnd(36)} ${cell(t.parse)}  ${cell(t.parse)}`);
READERS.forEach(([label], r) => console.log(`${label.padEnd(36)} ${cell(t.cold[r])}  ${cell(t.warm[r])}`));
