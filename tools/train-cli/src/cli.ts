#!/usr/bin/env node
// npm run train -- SPEC.json [...] [--out PATH] [--quiet]: train from JSON specs, write run records.
import { useWasmBackend } from '@descent/core-tensor';
import { main } from './main.js';

// A closed pipe (e.g. `| head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// The fast path by default: float32 matmul in WebAssembly SIMD over all cores (JS kernels if it cannot start).
await useWasmBackend().catch((e) => process.stderr.write(`note: fast backend unavailable, using JS kernels (${e instanceof Error ? e.message : e})\n`));

const code = await main(process.argv.slice(2), {
  out: process.stdout,
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  onInterrupt: (fn) => {
    // First Ctrl-C stops the run cleanly (its record is still written); a second one exits at once.
    const handler = (): void => {
      process.off('SIGINT', handler);
      fn();
    };
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
});
process.exitCode = code;
