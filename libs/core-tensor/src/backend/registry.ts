import type { Backend } from './backend.js';
import { cpuBackend } from './cpu/cpu-backend.js';

let current: Backend = cpuBackend;

/** The backend every op uses. */
export function getBackend(): Backend {
  return current;
}

/** Switch backends (e.g. to a worker pool from createThreadBackend); returns the previous one. */
export function setBackend(b: Backend): Backend {
  const prev = current;
  current = b;
  return prev;
}
