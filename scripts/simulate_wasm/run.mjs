// node run.mjs PATH.wasm : runs the workload in wasm and prints checksum and time.
import { readFileSync } from "node:fs";
const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]), {});
for (const lognormal of [0, 1]) {
  const t = performance.now();
  const h = BigInt.asUintN(64, instance.exports.run(10, lognormal));
  const s = (performance.now() - t) / 1000;
  console.log(`wasm lognormal=${lognormal === 1} checksum=${h.toString(16).padStart(16, "0")} seconds=${s.toFixed(3)}`);
}
