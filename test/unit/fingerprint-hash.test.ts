import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { hash64 } from '../../server/src/engine/report/fingerprint';

/** cyrb53's mixing as first written (unsigned constants, `toString(16)`): baselines on disk hold its values. */
function reference(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

describe('fingerprint hash', () => {
  it('gives the fingerprints baselines recorded: the same 16 hex digits as before, for any text', () => {
    assert.equal(hash64(''), reference(''));
    assert.equal(hash64('reliability/liveness-probe|Deployment/serving/vllm|container=vllm|0'), reference('reliability/liveness-probe|Deployment/serving/vllm|container=vllm|0'));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const h = hash64(text);
        assert.match(h, /^[0-9a-f]{16}$/);
        assert.equal(h, reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
