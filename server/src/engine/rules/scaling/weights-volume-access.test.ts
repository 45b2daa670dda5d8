import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './weights-volume-access';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'ReadWriteMany', mutate: (m) => (m.scaling.caching.accessMode = 'ReadWriteMany') },
    { name: 'ReadWriteOnce with exactly one replica', mutate: (m) => Object.assign(m.scaling, { minReplicas: 1, maxReplicas: 1, caching: { modelWeights: 'pvc', accessMode: 'ReadWriteOnce' } }) },
    { name: 'an access mode with weights in the image does not matter', mutate: (m) => (m.scaling.caching = { modelWeights: 'image', accessMode: 'ReadWriteOnce' }) },
    { name: 'no replica bounds: one replica', yaml: doc('scaling: { caching: { modelWeights: pvc, accessMode: ReadWriteOnce } }\n') },
  ],
  invalid: [
    {
      name: 'ReadWriteOnce shared by up to 8 replicas: fix switches to ReadOnlyMany',
      mutate: (m) => (m.scaling.caching.accessMode = 'ReadWriteOnce'),
      findings: [{ message: /^The weights volume is ReadWriteOnce but up to 8 pods of ModelDeployment .* mount it \(it runs up to 8 replicas\): .*Multi-Attach error/, text: 'ReadWriteOnce', fixable: true, fixed: (out) => assert.match(out, /accessMode: ReadOnlyMany/) }],
    },
    {
      name: 'ReadWriteOncePod with two fixed replicas, flow style',
      yaml: doc('scaling: { minReplicas: 2, caching: { modelWeights: pvc, accessMode: ReadWriteOncePod } }\n'),
      findings: [{ message: /ReadWriteOncePod but up to 2 pods of ModelDeployment .* mount it \(it runs up to 2 replicas\): only one pod can mount it, so every other pod stays Pending/, text: 'ReadWriteOncePod', fixable: true, fixed: (out) => assert.match(out, /accessMode: ReadOnlyMany \}/) }],
    },
    {
      name: 'an access mode without a stated weight source is judged as a volume',
      mutate: (m) => (m.scaling.caching = { accessMode: 'ReadWriteOnce' }),
      findings: [{ message: /ReadWriteOnce but up to 8 pods/, text: 'ReadWriteOnce', fixable: true }],
    },
  ],
});

// Kubernetes: the claim's access mode comes from a PersistentVolumeClaim resource of the workspace. The adapters
// do not index PersistentVolumeClaims yet, so these cases add the claim as a resource by hand.
import { analyzeFile, buildWorkspace } from '../../check';
import { makeResource } from '../../formats/workload';
import { parseYaml } from '../../parse/yaml';
import type { Report } from '../define';
import { editExample, K8S_EXAMPLE, withoutDocument } from './kube-fixtures.test';

ruleTester(rule, {
  valid: [{ name: 'the production vLLM example (Kubernetes; its claim is not in the workspace)', yaml: K8S_EXAMPLE }],
  invalid: [],
});

describe('scaling/weights-volume-access on Kubernetes facts', () => {
  function check(text: string, modes: string[] | undefined): Report[] {
    const file = analyzeFile('file:///workspace/llm.yaml', text);
    const ws = buildWorkspace([file]);
    const unit = ws.units[0];
    const pvcText = `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: llama-weights\n  namespace: genai\nspec:\n  accessModes: [${(modes ?? []).join(', ')}]\n`;
    const pvcDoc = parseYaml(pvcText).documents[0];
    const pvc = makeResource('file:///workspace/pvc.yaml', pvcDoc, 'v1', 'PersistentVolumeClaim', (pvcDoc.toJS() as { value: Record<string, unknown> }).value);
    const resources = modes ? [...ws.resources, pvc] : ws.resources;
    const out: Report[] = [];
    rule.check({ unit, workspace: { ...ws, resources }, options: {}, profile: 'production', report: (r) => out.push(r), notApplicable: () => undefined });
    return out;
  }
  it('valid: a ReadOnlyMany claim shared by the HPA’s 8 replicas', () => {
    assert.deepEqual(check(K8S_EXAMPLE, ['ReadOnlyMany']), []);
  });
  it('valid: a ReadWriteOnce claim with one replica and no autoscaler', () => {
    assert.deepEqual(check(withoutDocument('HorizontalPodAutoscaler').replace('replicas: 2', 'replicas: 1'), ['ReadWriteOnce']), []);
  });
  it('valid: the claim is unknown (not in the workspace)', () => {
    assert.deepEqual(check(K8S_EXAMPLE, undefined), []);
  });
  it('invalid: a ReadWriteOnce claim and an HPA up to 8 replicas, on the claimName, claim and HPA related', () => {
    const out = check(K8S_EXAMPLE, ['ReadWriteOnce']);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /^PersistentVolumeClaim llama-weights is ReadWriteOnce but up to 8 pods of Deployment llama-chat mount it \(HorizontalPodAutoscaler llama-chat scales it to 8 replicas\): it attaches to one node/);
    assert.equal(out[0].at, 'scaling.caching.claimName');
    assert.deepEqual(out[0].related?.map((r) => r.message), ['PersistentVolumeClaim llama-weights: ReadWriteOnce', 'HorizontalPodAutoscaler llama-chat: up to 8 replicas']);
  });
  it('invalid: ReadWriteOncePod with 2 replicas', () => {
    const out = check(editExample(['  maxReplicas: 8', '  maxReplicas: 2']), ['ReadWriteOncePod']);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /is ReadWriteOncePod but up to 2 pods .*only one pod can mount it/);
  });
});
