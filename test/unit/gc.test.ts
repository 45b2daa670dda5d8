import { strict as assert } from 'node:assert';
import { collectGarbage } from '../../server/src/node/gc';

describe('returning memory when a large file is closed', () => {
  it('collects what nothing refers to any more, in a process started without --expose-gc', async () => {
    let big: number[] | undefined = Array.from({ length: 100_000 }, (_, i) => i);
    const ref = new WeakRef(big);
    big = undefined;
    // A WeakRef keeps its target until the current job ends.
    await new Promise((r) => setImmediate(r));
    collectGarbage();
    assert.equal(ref.deref(), undefined);
  });
});
