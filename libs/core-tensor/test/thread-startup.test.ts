import { describe, it, expect, vi } from 'vitest';

// A worker that dies while loading must make createThreadBackend reject (it used to wait forever).
const terminated: number[] = [];
vi.mock('../src/backend/threads/spawn.js', () => {
  let n = 0;
  return {
    isBrowserMainThread: () => false,
    spawnWorker: async () => {
      const id = n++;
      let listener: ((m: unknown) => void) | null = null;
      return {
        onMessage: (fn: (m: unknown) => void) => (listener = fn),
        // Worker 0 starts fine; worker 1 fails as a module that cannot load would.
        post: () => setTimeout(() => listener?.(id === 0 ? { ready: true } : { error: 'Cannot find module worker.js' })),
        terminate: () => terminated.push(id),
      };
    },
  };
});

describe('createThreadBackend startup', () => {
  it('rejects with the worker error and terminates the workers already started', async () => {
    const { createThreadBackend } = await import('../src/backend/threads/thread-backend.js');
    await expect(createThreadBackend({ threads: 3 })).rejects.toThrow(/a worker failed to start: Cannot find module worker\.js/);
    expect(terminated.sort()).toEqual([0, 1]);
  });
});
