// The widget's feed reader compiled to wasm (the `web` profile's settings) and run in Node on
// the bench feed (bench/gen-feed.mjs, 5,000 directions): the direct reader the widget ships
// against the JSON-tree reader it replaced, each beside V8's JSON.parse of the same text.
// Usage: node bench/read-wasm.mjs WASM [--directions N] [--runs N]
import { readFileSync } from "node:fs";
import { generateFeed } from "./gen-feed.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : dflt;
};
const n = opt("--directions", 5000);
const runs = opt("--runs", 30);
const { instance } = await WebAssembly.instantiate(readFileSync(args[0]), {});
const { memory, buffer, read } = instance.exports;
const text = JSON.stringify(generateFeed(n));
const bytes = new TextEncoder().encode(text);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };
// `buffer()` may grow the memory (detaching the old ArrayBuffer): read `memory.buffer` after it.
const put = () => { const at = buffer(bytes.length); new Uint8Array(memory.buffer, at, bytes.length).set(bytes); };
const t = { parse: [], direct: [], tree: [] };
for (let i = 0; i < runs; i++) {
  t.parse.push(time(() => JSON.parse(text)));
  for (const [name, which] of [["direct", 0], ["tree", 1]]) {
    put();
    let count;
    t[name].push(time(() => { count = read(which); }));
    if (count !== n) throw new Error(`${name} reader read ${count} of ${n} directions`);
  }
}
const jp = median(t.parse);
console.log(`read-wasm: ${n} directions, ${(bytes.length / 1024).toFixed(0)} KiB, median of ${runs}, Node ${process.version}`);
for (const [name, label] of [["parse", "JSON.parse (V8)"], ["direct", "direct reader (parse_normalized)"], ["tree", "JSON-tree reader (before)"]]) {
  console.log(`${label.padEnd(34)} ${median(t[name]).toFixed(2).padStart(8)} ms ${(median(t[name]) / jp).toFixed(1).padStart(6)}x`);
}
