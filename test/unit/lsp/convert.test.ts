import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { mapReusing } from '../../../server/src/lsp/convert';

describe('diagnostics reused between publishes', () => {
  it('maps like Array.map, converting only the items that are not the very items of the last list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 20 }), (a, b) => {
        const pool = Array.from({ length: 21 }, (_, i) => ({ i }));
        const before = a.map((i) => pool[i]);
        const after = b.map((i) => pool[i]);
        const converted: object[] = [];
        const fn = (x: { i: number }) => (converted.push(x), `#${x.i}`);
        const previous = before.map(fn);
        converted.length = 0;
        assert.deepEqual(mapReusing(before, previous, after, fn), after.map((x) => `#${x.i}`));
        // Only what lies between the shared head and tail is converted again.
        const max = Math.min(a.length, b.length);
        let head = 0;
        while (head < max && a[head] === b[head]) head++;
        let tail = 0;
        while (tail < max - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
        assert.equal(converted.length, b.length - head - tail);
      }),
    );
  });
});
