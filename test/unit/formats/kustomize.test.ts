import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { isKustomizePatch, patchesOf } from '../../../server/src/node/kustomize';

const CORPUS = path.resolve(__dirname, '..', '..', 'fixtures', 'corpus');
const GEMMA = path.join(CORPUS, 'gke-samples/ai-ml/llm-serving-gemma/vllm');

describe('Kustomize patch detection', () => {
  it('finds patches named in a sibling kustomization.yaml', () => {
    assert.equal(isKustomizePatch(path.join(GEMMA, 'vllm-2b-awq', 'patch.yaml')), true);
    assert.equal(isKustomizePatch(path.join(GEMMA, 'vllm-2b.yaml')), false, 'a resource of a kustomization is not a patch');
  });

  it('reads patches, patchesStrategicMerge and patchesJson6902', () => {
    const list = patchesOf('/k/kustomization.yaml', 'patches:\n- path: a.yaml\n- b.yaml\npatchesStrategicMerge:\n- c.yaml\npatchesJson6902:\n- path: d.yaml\n');
    assert.deepEqual([...list].sort(), ['/k/a.yaml', '/k/b.yaml', '/k/c.yaml', '/k/d.yaml']);
    assert.deepEqual(patchesOf('/k/kustomization.yaml', ': not yaml ['), []);
  });
});
