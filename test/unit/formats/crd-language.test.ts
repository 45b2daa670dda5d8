import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../server/src/engine/check';
import { complete } from '../../../server/src/engine/language/completion';
import { hover } from '../../../server/src/engine/language/hover';

/** Completion and hover of the CRD formats come from their schemas (prepared from the upstream CRDs). */
/** `says`: what the hover shows; the KubeRay and KServe CRDs are generated without descriptions, so nothing. */
const CASES: { kind: string; head: string; parent: string; offers: string[]; hoverLine: string; hoverKey: string; says?: RegExp }[] = [
  {
    kind: 'NIMService',
    head: 'apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: llm\n',
    parent: 'spec:\n  authSecret: ngc-api-secret\n  ',
    offers: ['image', 'storage', 'multiNode', 'scale', 'expose', 'readinessProbe'],
    hoverLine: '  authSecret: ngc-api-secret',
    hoverKey: 'authSecret',
    says: /NGC_API_KEY/,
  },
  {
    kind: 'NIMCache',
    head: 'apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMCache\nmetadata:\n  name: cache\n',
    parent: 'spec:\n  storage:\n    pvc:\n      volumeAccessMode: ReadWriteMany\n    ',
    offers: ['hostPath'],
    hoverLine: '      volumeAccessMode: ReadWriteMany',
    hoverKey: 'volumeAccessMode',
    says: /access mode/i,
  },
  {
    kind: 'Rollout',
    head: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: vllm\n',
    parent: 'spec:\n  strategy:\n    canary:\n      maxSurge: 1\n      ',
    offers: ['steps', 'analysis', 'maxUnavailable'],
    hoverLine: '      maxSurge: 1',
    hoverKey: 'maxSurge',
    says: /absolute number \(ex: 5\) or a percentage/,
  },
  {
    kind: 'RayCluster',
    head: 'apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: ray\n',
    parent: 'spec:\n  rayVersion: "2.46.0"\n  ',
    offers: ['headGroupSpec', 'workerGroupSpecs', 'autoscalerOptions'],
    hoverLine: '  rayVersion: "2.46.0"',
    hoverKey: 'rayVersion',
  },
  {
    kind: 'RayJob',
    head: 'apiVersion: ray.io/v1\nkind: RayJob\nmetadata:\n  name: job\n',
    parent: 'spec:\n  entrypoint: python main.py\n  ',
    offers: ['rayClusterSpec', 'runtimeEnvYAML', 'shutdownAfterJobFinishes'],
    hoverLine: '  entrypoint: python main.py',
    hoverKey: 'entrypoint',
  },
  {
    kind: 'ClusterServingRuntime',
    head: 'apiVersion: serving.kserve.io/v1alpha1\nkind: ClusterServingRuntime\nmetadata:\n  name: rt\n',
    parent: 'spec:\n  multiModel: false\n  ',
    offers: ['containers', 'supportedModelFormats', 'protocolVersions'],
    hoverLine: '  multiModel: false',
    hoverKey: 'multiModel',
  },
];

describe('completion and hover of the NIM, Argo Rollouts, KubeRay and KServe CRDs', () => {
  for (const c of CASES) {
    it(`completes ${c.kind} fields from its schema${c.says ? ' and shows their descriptions' : ''}`, () => {
      const text = c.head + c.parent;
      const lines = text.split('\n');
      const file = analyzeFile('file:///w/crd.yaml', text);
      const labels = complete(file, lines.length - 1, lines[lines.length - 1].length).map((i) => i.label);
      for (const o of c.offers) assert.ok(labels.includes(o), `${c.kind}: ${o} in ${labels.join(', ')}`);
      const line = lines.indexOf(c.hoverLine);
      const h = hover(file, line, c.hoverLine.indexOf(c.hoverKey) + 1);
      if (c.says) assert.ok(h && c.says.test(h.markdown), `${c.kind}: ${h?.markdown}`);
      else assert.equal(h, undefined);
    });
  }
});
