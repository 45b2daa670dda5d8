import { strict as assert } from 'node:assert';
import { claimFor } from '../../server/src/cli/claim';
import { claimAll, mergeAscending } from '../../server/src/cli/pipeline';

/** Every chunk a claim hands out, in order. */
function drain(claim: () => readonly [number, number] | undefined): [number, number][] {
  const chunks: [number, number][] = [];
  for (let c = claim(); c; c = claim()) chunks.push([c[0], c[1]]);
  return chunks;
}

describe('CLI threads: claiming the inputs', () => {
  it('hands out chunks from one shared counter: together the threads claim every input once, in order', () => {
    const next = new Int32Array(new SharedArrayBuffer(4));
    const main = claimFor({ thread: 0, threads: 2, next, size: 4 }, 10);
    const worker = claimFor({ thread: 1, threads: 2, next, size: 4 }, 10);
    assert.deepEqual(main(), [0, 4]);
    assert.deepEqual(worker(), [4, 8]);
    assert.deepEqual(worker(), [8, 10]);
    assert.equal(main(), undefined);
    assert.equal(worker(), undefined);
  });

  it('deals the inputs in turn, one each, without a counter (MODELREADY_STRIDE)', () => {
    assert.deepEqual(drain(claimFor({ thread: 0, threads: 2, size: 32 }, 5)), [[0, 1], [2, 3], [4, 5]]);
    assert.deepEqual(drain(claimFor({ thread: 1, threads: 2, size: 32 }, 5)), [[1, 2], [3, 4]]);
  });

  it('claims every input at once in one thread, and nothing when there is none', () => {
    assert.deepEqual(drain(claimAll(3)), [[0, 3]]);
    assert.deepEqual(drain(claimAll(0)), []);
  });

  it('merges two ascending lists of indices', () => {
    assert.deepEqual(mergeAscending([1, 5, 9], [2, 3, 10]), [1, 2, 3, 5, 9, 10]);
    assert.deepEqual(mergeAscending([], [4]), [4]);
  });
});
