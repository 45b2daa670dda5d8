import { strict as assert } from 'node:assert';
import { memoByText } from '../../server/src/engine/memo';

describe('memoByText', () => {
  it('computes an answer once per text, and forgets all of them when the limit is reached', () => {
    const asked: string[] = [];
    const length = memoByText((text) => {
      asked.push(text);
      return text.length;
    }, 2);
    assert.deepEqual([length('ab'), length('ab'), length('abc'), length('ab')], [2, 2, 3, 2]);
    assert.deepEqual(asked, ['ab', 'abc']);
    // A third text clears the two remembered ones.
    assert.equal(length('abcd'), 4);
    assert.equal(length('ab'), 2);
    assert.deepEqual(asked, ['ab', 'abc', 'abcd', 'ab']);
  });
});
