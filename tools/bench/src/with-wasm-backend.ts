// Preload that installs the wasm backend before a program runs, to run another tool on it, e.g.
//   npx tsx --import ./tools/bench/src/with-wasm-backend.ts tools/parity/src/cli.ts FILE...
import { useWasmBackend, getBackend } from '@descent/core-tensor';

await useWasmBackend();
console.error(`[with-wasm-backend] backend: ${getBackend().name}`);
