#!/usr/bin/env node
// npm run train -- SPEC.json [...] [--out PATH] [--quiet]: train from JSON specs, write run records.
import { useWasmBackend } from '@descent/core-tensor';
import { main, oneLine } from './main.js';

// No input ends in a stack trace: anything that escapes main() is printed as one line, exit code 1.
const die = (e: unknown): never => {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`${oneLine(`error: unexpected ${what} (please report this)`)}\n`);
  process.exit(1);
};
process.on('uncaughtException', die);
process.on('unhandledRejection', die);

// A closed pipe (e.g. `| head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  die(e);
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
