// Prints the brotli (quality 11, as `brotli -q 11`) size in bytes of each file named, one per
// line. Node's own zlib does the work, so the build and size checks need no `brotli` program.
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const compressed = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  console.log(compressed.length);
}
