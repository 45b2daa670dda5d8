import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './non-root';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'privileged may be left out (it defaults to false)', mutate: (m) => delete m.serving.security.privileged },
    { name: 'flow style, all three safe', yaml: `${HEAD}serving: { security: { runAsNonRoot: true, allowPrivilegeEscalation: false } }\n` },
  ],
  invalid: [
    {
      name: 'no serving.security at all: reported on serving, applies in development too, fix adds the block',
      profile: 'development',
      mutate: (m) => delete m.serving.security,
      findings: [
        {
          message: /No `serving\.security` is stated.*runAsNonRoot: true/,
          text: 'serving',
          severity: 'error',
          fixable: true,
          fixed: (out) => assert.match(out, /\n {2}security:\n {4}runAsNonRoot: true\n {4}allowPrivilegeEscalation: false\n {4}privileged: false\n/),
        },
      ],
    },
    {
      name: 'no serving section at all: reported on the document',
      yaml: HEAD,
      findings: [{ message: /No `serving\.security` is stated/, text: 'ModelDeployment', fixable: true }],
    },
    {
      name: 'each unsafe value is reported on itself and flipped by its fix',
      mutate: (m) => Object.assign(m.serving.security, { runAsNonRoot: false, allowPrivilegeEscalation: true, privileged: true }),
      findings: [
        { message: /runAsNonRoot` is false: the model server runs as root.*runAsUser/, text: 'false', fixable: true, fixed: (out) => assert.match(out, /runAsNonRoot: true/) },
        { message: /allowPrivilegeEscalation` is true/, text: 'true', fixable: true, fixed: (out) => assert.match(out, /allowPrivilegeEscalation: false/) },
        { message: /privileged` is true: the container has every capability/, text: 'true', fixable: true, fixed: (out) => assert.match(out, /privileged: false/) },
      ],
    },
    {
      name: 'settings left out of a present section: reported on the section key, fix inserts the key',
      mutate: (m) => (m.serving.security = { readOnlyRootFilesystem: true }),
      findings: [
        { message: /runAsNonRoot` is not set, and most serving images/, text: 'security', fixable: true, fixed: (out) => assert.match(out, /readOnlyRootFilesystem: true\n\s+runAsNonRoot: true/) },
        { message: /allowPrivilegeEscalation` is not set/, text: 'security', fixable: true },
      ],
    },
    {
      name: 'an empty flow section `security: {}`: both settings reported on the key, the fix writes into the braces',
      yaml: `${HEAD}serving:\n  security: {}\n`,
      findings: [
        { message: /runAsNonRoot` is not set/, text: 'security', fixable: true, fixed: (out) => assert.match(out, /security: \{ runAsNonRoot: true \}/) },
        { message: /allowPrivilegeEscalation` is not set/, text: 'security', fixable: true },
      ],
    },
  ],
});
