import { strict as assert } from 'node:assert';
import { applyFixes } from '../../fix/apply';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './non-root';
import { deployment, inferenceService, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'privileged may be left out (it defaults to false)', mutate: (m) => delete m.serving.security.privileged },
    { name: 'flow style, all three safe', yaml: `${HEAD}serving: { security: { runAsNonRoot: true, allowPrivilegeEscalation: false } }\n` },
    // Kubernetes-family workloads: pod and container securityContext.
    { name: 'Kubernetes: the production example (pod runAsNonRoot, container without escalation)', yaml: K8S_EXAMPLE },
    {
      name: 'Kubernetes: a non-zero runAsUser on the pod counts as non-root',
      yaml: deployment({ pod: 'securityContext:\n  runAsUser: 1000\n', container: 'securityContext:\n  allowPrivilegeEscalation: false\n' }),
    },
    { name: 'KServe: predictor.model without a securityContext (its ServingRuntime supplies one)', yaml: inferenceService() },
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
        { message: /privileged` is true: the container has every capability.*device plugin/, text: 'true', severity: 'error', fixable: true, fixed: (out) => assert.match(out, /privileged: false/) },
      ],
    },
    {
      name: 'native: privileged with TPUs is a warning that does not claim the device plugin makes it unnecessary',
      mutate: (m) => {
        m.serving.security.privileged = true;
        m.resources.accelerator = { type: 'tpu-v5-lite-podslice', resourceName: 'google.com/tpu', count: 4 };
      },
      findings: [{ message: /^(?!.*device plugin)`serving\.security\.privileged` is true.*Gaudi, TPU, Neuron/, text: 'true', severity: 'warning', fixable: false }],
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
    {
      name: 'Kubernetes: no securityContext at all (vLLM, KServe and GKE samples): warnings, runAsNonRoot on the pod spec (offered, not preferred), escalation on the container (preferred fix)',
      profile: 'development',
      yaml: deployment(),
      findings: [
        {
          message: /Neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set for the pod.*Set `runAsNonRoot: true` in the pod's `securityContext`/,
          text: 'spec',
          line: 15,
          severity: 'warning',
          fixable: false,
        },
        {
          message: /`allowPrivilegeEscalation` is not set on container `vllm`/,
          text: 'vllm',
          severity: 'warning',
          fixable: true,
          fixed: (out) => assert.match(out, /args: \["--model", "org\/model", "--port", "8000"\]\n {10}securityContext:\n {12}allowPrivilegeEscalation: false\n/),
        },
      ],
    },
    {
      name: 'Kubernetes: runAsUser 0, and privileged on a container with NVIDIA GPUs from the device plugin (an error), are reported on their values',
      yaml: deployment({
        pod: 'securityContext:\n  runAsNonRoot: true\n',
        container: 'resources:\n  limits:\n    nvidia.com/gpu: 1\nsecurityContext:\n  runAsUser: 0\n  privileged: true\n  allowPrivilegeEscalation: false\n',
      }),
      findings: [
        { message: /`runAsUser: 0` on container `vllm` runs it as root/, text: '0', severity: 'warning', fixable: false },
        { message: /Container `vllm` is privileged.*GPUs are granted by the device plugin/, text: 'true', severity: 'error', fixable: true, fixed: (out) => assert.match(out, /privileged: false/) },
      ],
    },
    {
      // llm-d's Intel Gaudi guide runs vLLM privileged on purpose: the Habana stack needs the host's devices.
      name: 'Kubernetes: privileged on a Gaudi container is a warning that does not claim the device plugin makes it unnecessary',
      yaml: deployment({
        image: 'opea/vllm-gaudi:1.22.0',
        pod: 'securityContext:\n  runAsNonRoot: true\n',
        container: 'resources:\n  limits:\n    habana.ai/gaudi: 1\nsecurityContext:\n  privileged: true\n  allowPrivilegeEscalation: false\n',
      }),
      findings: [{ message: /^(?!.*device plugin).*Container `vllm` is privileged.*Gaudi.*`modelready\.dev\/privileged-reason`/, text: 'true', severity: 'warning', fixable: false }],
    },
    {
      name: 'Kubernetes: privileged on an NVIDIA container that takes its GPUs through a DRA claim is a warning',
      yaml: deployment({
        pod: 'securityContext:\n  runAsNonRoot: true\n',
        container: 'resources:\n  claims:\n    - name: gpu\nsecurityContext:\n  privileged: true\n  allowPrivilegeEscalation: false\n',
      }),
      findings: [{ message: /^(?!.*device plugin).*Container `vllm` is privileged/, text: 'true', severity: 'warning', fixable: false }],
    },
    {
      name: 'Kubernetes: privileged on a container without accelerators is a warning',
      yaml: deployment({ pod: 'securityContext:\n  runAsNonRoot: true\n', container: 'securityContext:\n  privileged: true\n  allowPrivilegeEscalation: false\n' }),
      findings: [{ message: /^(?!.*device plugin).*Container `vllm` is privileged/, text: 'true', severity: 'warning', fixable: false }],
    },
    {
      name: 'Kubernetes: a sidecar without the settings the model container has is reported on its own',
      yaml: `${deployment({ container: 'securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false }\n' })}        - name: proxy\n          image: envoyproxy/envoy:v1.30.1\n`,
      findings: [
        { message: /Neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set for container `proxy`.*container's `securityContext`/, text: 'proxy', fixable: false },
        { message: /`allowPrivilegeEscalation` is not set on container `proxy`/, text: 'proxy', fixable: true, fixed: (out) => assert.match(out, /image: envoyproxy\/envoy:v1\.30\.1\n {10}securityContext:\n {12}allowPrivilegeEscalation: false\n/) },
      ],
    },
    {
      name: 'KServe: an LLMInferenceService that states runAsNonRoot: false',
      yaml: 'apiVersion: serving.kserve.io/v1alpha1\nkind: LLMInferenceService\nmetadata:\n  name: opt\nspec:\n  model:\n    uri: hf://facebook/opt-125m\n  template:\n    containers:\n      - name: main\n        image: vllm/vllm-openai:v0.8.5\n        securityContext:\n          runAsNonRoot: false\n',
      findings: [{ message: /`runAsNonRoot` is false on container `main`/, text: 'false', fixable: false }],
    },
  ],
});

describe('security/non-root Kubernetes fix', () => {
  it('the runAsNonRoot fix writes the pod securityContext with a user', () => {
    const text = deployment({ container: 'securityContext:\n  allowPrivilegeEscalation: false\n' });
    const [f] = run(rule, { name: 'x' }, text);
    const fix = f.fixes!.find((x) => x.title.startsWith('Run the pod'))!;
    const out = applyFixes(text, [fix]).text;
    assert.match(out, /\n {6}securityContext:\n {8}runAsNonRoot: true\n {8}runAsUser: 1000\n$/);
    assert.deepEqual(run(rule, { name: 'x' }, out), []);
  });
});
