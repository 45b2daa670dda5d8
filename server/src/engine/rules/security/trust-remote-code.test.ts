import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './trust-remote-code';

const COMMIT = '0e9e39f249a16976918f6564b8830bc894c89659';

ruleTester(rule, {
  valid: [
    { name: 'on, with a pinned commit', mutate: (m) => (m.serving.trustRemoteCode = true) },
    { name: 'on, pinned by digest instead of a revision', mutate: (m) => ((m.serving.trustRemoteCode = true), delete m.model.revision, (m.model.digest = `sha256:${'a'.repeat(64)}`)) },
    { name: 'on, pinned in a KServe-style URI', mutate: (m) => ((m.serving.trustRemoteCode = true), delete m.model.revision, (m.model.uri = `hf://org/model:${COMMIT}`)) },
    { name: 'off in args (`--trust-remote-code=false`) with a branch revision', mutate: (m) => ((m.model.revision = 'main'), m.serving.args.push('--trust-remote-code=false')) },
  ],
  invalid: [
    {
      name: 'on with a branch revision: reported on the flag, related to the revision, error in development',
      profile: 'development',
      mutate: (m) => ((m.serving.trustRemoteCode = true), (m.model.revision = 'main')),
      findings: [{ message: /`serving\.trustRemoteCode` runs Python code.*`model\.revision` is `main`, which can move/, text: 'true', severity: 'error', fixable: false }],
    },
    {
      name: 'a short commit is not a pin; the flag in args is found too',
      mutate: (m) => ((m.model.revision = '0e9e39f'), delete m.serving.trustRemoteCode, m.serving.args.push('--trust-remote-code')),
      findings: [{ message: /`--trust-remote-code` runs Python code/, text: '--trust-remote-code', fixable: false }],
    },
    {
      name: 'no revision at all',
      mutate: (m) => ((m.serving.trustRemoteCode = true), delete m.model.revision),
      findings: [{ message: /no `model\.revision` pins the weights/, text: 'true', fixable: false }],
    },
  ],
});

describe('security/trust-remote-code details', () => {
  it('points at the moving revision and offers the two manual fixes', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => ((m.serving.trustRemoteCode = true), (m.model.revision = 'v1.0')) });
    assert.match(f.related?.[0].message ?? '', /`v1\.0` is a branch or tag/);
    assert.deepEqual(f.fixes?.filter((x) => !x.title.startsWith('Suppress')).map((x) => x.title), ['Turn trust-remote-code off (the model must be supported natively)', 'Pin model.revision to a commit']);
  });
});
