import { strict as assert } from 'node:assert';
import { flagIndex } from './support';

describe('flagIndex: a command-line flag switched on in an argument list', () => {
  it('finds `--flag`, `--flag true` and `--flag=value`, not when switched off', () => {
    assert.equal(flagIndex(['serve', '--trust-remote-code'], '--trust-remote-code'), 1);
    assert.equal(flagIndex(['--trust-remote-code', 'true'], '--trust-remote-code'), 0);
    assert.equal(flagIndex(['--trust-remote-code', 'false'], '--trust-remote-code'), -1);
    assert.equal(flagIndex(['--trust-remote-code=1'], '--trust-remote-code'), 0);
    assert.equal(flagIndex(['--trust-remote-code='], '--trust-remote-code'), 0);
    assert.equal(flagIndex(['--trust-remote-code=NO', '--trust-remote-code=0'], '--trust-remote-code'), -1);
  });

  it('takes only the flag itself on one line: not a longer flag, another one, or a value over several lines', () => {
    assert.equal(flagIndex(['--trust-remote-code-x=true', '--trust_remote_code=true'], '--trust-remote-code'), -1);
    assert.equal(flagIndex(['--trust-remote-code=a\nb'], '--trust-remote-code'), -1);
    assert.equal(flagIndex([1, undefined, '--x', '--trust_remote_code=yes'], '--trust_remote_code'), 3);
    assert.equal(flagIndex(undefined, '--trust-remote-code'), -1);
  });
});
