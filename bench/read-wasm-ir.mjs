// One instance of the reader's wasm (bench/read-wasm) reading the bench feed K times, for
// bench/read-wasm-ir.sh, which runs it under callgrind and takes the difference of two K.
// Usage: node [V8 flags] bench/read-wasm-ir.mjs WASM K [--directions N]
import { readFileSync } from "node:fs";
import { generateFeed } from "./gen-feed.mjs";
import { opt } from "./lib/figures.mjs";

const args = process.argv.slice(2);
const n = opt(args, "--directions", 5000);
const [wasmPath, k] = args;
const ex = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {}).exports;
const bytes = new TextEncoder().encode(JSON.stringify(generateFeed(n)));
for (let i = 0; i < Number(k); i++) {
  const at = ex.buffer(bytes.length); // may grow the memory: view it after
  new Uint8Array(ex.memory.buffer, at, bytes.length).set(bytes);
  const count = ex.read(0);
  if (count !== n) throw new Error(`read ${count} of ${n} directions`);
}
