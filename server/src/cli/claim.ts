import type { ClaimChunk } from './pipeline';

/**
 * How the threads of a run share out its inputs. By default in chunks from one counter in shared memory: each
 * thread takes the next chunk when it is free, so a thread that started later (a worker boots while the main
 * thread already checks) or drew heavier files simply takes fewer. `next` absent: dealt in turn, one file each
 * (file i to thread i mod threads), which is deterministic: tests use it (MODELREADY_STRIDE) to pin what crosses
 * threads.
 */
export interface Claiming {
  /** This thread's number; 0 is the main thread. */
  thread: number;
  threads: number;
  /** Index of the next unclaimed input, shared by every thread (Int32Array over a SharedArrayBuffer). */
  next?: Int32Array;
  /** Files per chunk. */
  size: number;
}

export function claimFor(c: Claiming, count: number): ClaimChunk {
  const next = c.next;
  if (next) {
    return () => {
      const from = Atomics.add(next, 0, c.size);
      return from < count ? [from, Math.min(count, from + c.size)] : undefined;
    };
  }
  let i = c.thread;
  return () => {
    if (i >= count) return undefined;
    const chunk = [i, i + 1] as const;
    i += c.threads;
    return chunk;
  };
}
