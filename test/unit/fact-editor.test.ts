import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { applyFixes } from '../../server/src/engine/fix/apply';
import { appendToSequence, insertKeys, mergeInserts, planInsertAtPath, planInsertKeys } from '../../server/src/engine/fix/edits';
import type { DeploymentUnit } from '../../server/src/engine/facts/model';
import { parseYaml } from '../../server/src/engine/parse/yaml';
import type { EditPlan, TextEdit } from '../../server/src/engine/types';
import { analyze } from './formats/helpers';

const apply = (text: string, edits: TextEdit[]): string => applyFixes(text, [{ title: 't', edits }]).text;
const doc = (text: string) => parseYaml(text).documents[0];

// The vLLM Deployment shape of the upstream docs (docs/deployment/k8s.md), trimmed to what the editors touch.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mistral-7b
  annotations:
    modelready.dev/owner: ml-platform@example.com
spec:
  replicas: 1
  selector:
    matchLabels:
      app: mistral-7b
  template:
    metadata:
      labels:
        app: mistral-7b
    spec:
      containers:
        - name: mistral-7b
          image: vllm/vllm-openai:v0.8.5
          command: ["/bin/sh", "-c"]
          args: ["vllm serve mistralai/Mistral-7B-Instruct-v0.3 --trust-remote-code"]
          ports:
            - containerPort: 8000
          readinessProbe:
            httpGet:
              path: /health
              port: 8000
            periodSeconds: 5
`;

const MANIFEST = `apiVersion: modelready.dev/v1alpha1
kind: ModelDeployment
metadata:
  name: support-assistant
serving:
  runtime: vllm
reliability:
  probes:
    readiness: /health
`;

function unitOf(text: string): DeploymentUnit {
  return analyze(text).units[0];
}

describe('edit toolkit (fix/edits)', () => {
  it('insertKeys adds several keys to a block mapping as one edit, skipping keys already there', () => {
    const text = 'monitoring:\n  drift:\n    metric: psi\n';
    const edits = insertKeys(doc(text), ['monitoring', 'drift'], [['baseline', 'b'], ['metric', 'kl'], ['threshold', '0.2']]);
    assert.equal(edits.length, 1);
    assert.equal(apply(text, edits), 'monitoring:\n  drift:\n    metric: psi\n    baseline: b\n    threshold: 0.2\n');
  });

  it('insertKeys keeps a flow mapping flow (its trailing comma too), and writes a missing mapping whole with block values indented', () => {
    assert.equal(apply('a: { x: 1, }\n', insertKeys(doc('a: { x: 1, }\n'), ['a'], [['y', '2']])), 'a: { x: 1, y: 2, }\n');
    assert.equal(apply('a: {}\n', insertKeys(doc('a: {}\n'), ['a'], [['y', '2']])), 'a: { y: 2 }\n');
    const out = apply('kind: X\n', insertKeys(doc('kind: X\n'), ['a', 'b'], [['list', '- 1\n- 2'], ['k', 'v']]));
    assert.deepEqual(parse(out), { kind: 'X', a: { b: { list: [1, 2], k: 'v' } } });
  });

  it('appendToSequence appends in the sequence\'s own style, text or data, and creates a missing list', () => {
    const block = 'alerts:\n  - name: a\n    notify: x\n';
    assert.equal(apply(block, appendToSequence(doc(block), ['alerts'], ['name: b\nnotify: y'])), 'alerts:\n  - name: a\n    notify: x\n  - name: b\n    notify: y\n');
    assert.equal(apply('alerts: [a]\n', appendToSequence(doc('alerts: [a]\n'), ['alerts'], ['b', { name: 'c' }])), 'alerts: [a, b, { name: c }]\n');
    assert.deepEqual(parse(apply('kind: X\n', appendToSequence(doc('kind: X\n'), ['spec', 'env'], [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]))), {
      kind: 'X',
      spec: { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] },
    });
  });

  it('mergeInserts joins insertions at one place and keeps the others', () => {
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    const merged = mergeInserts([
      { range: at(1), newText: '  a: 1\n' },
      { range: at(1), newText: '  b: 2\n' },
      { range: at(4), newText: '  c: 3\n' },
    ]);
    assert.deepEqual(merged.map((e) => e.newText), ['  a: 1\n  b: 2\n', '  c: 3\n']);
  });
});

describe('fact editors (unit.edit, unit.describe, unit.where)', () => {
  it('a native manifest names and writes a fact at its own path', () => {
    const unit = unitOf(MANIFEST);
    assert.equal(unit.describe('governance.personalData.dpia'), '`governance.personalData.dpia`');
    assert.deepEqual(parse(apply(MANIFEST, unit.edit.set('governance.personalData.dpia', './dpia.md'))).governance, { personalData: { dpia: './dpia.md' } });
  });

  it('a workload states a governance fact with the annotation the adapter reads back', () => {
    const unit = unitOf(DEPLOYMENT);
    assert.equal(unit.describe('governance.personalData.dpia'), 'the annotation `modelready.dev/dpia`');
    const out = apply(DEPLOYMENT, unit.edit.set('governance.personalData.dpia', './dpia.md'));
    assert.match(out, /modelready\.dev\/owner: ml-platform@example\.com\n {4}modelready\.dev\/dpia: "\.\/dpia\.md"\n/);
    assert.equal(unitOf(out).spec.governance?.personalData?.dpia, './dpia.md');
  });

  it('a workload cannot state a fact no annotation carries: no edits, and the wording points at a linked manifest', () => {
    const unit = unitOf(DEPLOYMENT);
    assert.deepEqual(unit.edit.addKeys('monitoring.drift', [['metric', 'psi']]), []);
    assert.match(unit.describe('monitoring.drift'), /^`monitoring\.drift` in a ModelDeployment manifest linked with the annotation `modelready\.dev\/manifest`$/);
    // Reported where annotations go.
    assert.equal(unit.where('monitoring.drift').start.line, 4);
  });

  it('a workload states a member of a mapping fact by its annotation and drops the members none carries', () => {
    const unit = unitOf(DEPLOYMENT);
    const out = apply(DEPLOYMENT, unit.edit.addKeys('governance.aiAct.humanOversight', [['mechanism', 'human-in-the-loop'], ['reviewer', 'ops']]));
    assert.match(out, /modelready\.dev\/human-oversight: "human-in-the-loop"\n/);
    assert.doesNotMatch(out, /reviewer/);
  });

  it('a workload writes a missing pod setting as a key of its pod spec, and reports it on the pod spec key', () => {
    const unit = unitOf(DEPLOYMENT);
    const out = apply(DEPLOYMENT, unit.edit.addKeys('resources.nodeSelector', [['cloud.google.com/gke-accelerator', 'nvidia-l4']]));
    assert.match(out, /\n {6}nodeSelector:\n {8}cloud\.google\.com\/gke-accelerator: nvidia-l4\n/);
    assert.deepEqual(unitOf(out).spec.resources?.nodeSelector, { 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    // Where it would be added: the pod template's `spec` key (line 16).
    assert.equal(unit.where('resources.nodeSelector').start.line, 15);
    assert.equal(unit.describe('resources.nodeSelector'), '`spec.template.spec.nodeSelector`');
    // A key the adapter names as the fact's own place is written there.
    assert.match(apply(DEPLOYMENT, unit.edit.set('reliability.terminationGracePeriodSeconds', '30')), /\n {6}terminationGracePeriodSeconds: 30\n/);
    // A stated fact is edited where it is written.
    assert.match(apply(DEPLOYMENT, unit.edit.set('scaling.minReplicas', '2')), /\n {2}replicas: 2\n/);
  });

  it('probes: a native manifest adds `reliability.probes.<kind>` with the timing that differs from the defaults', () => {
    const unit = unitOf(MANIFEST);
    const out = apply(MANIFEST, unit.edit.addProbe('liveness', { path: '/health', periodSeconds: 30, failureThreshold: 3 }));
    assert.match(out, /\n {4}liveness: \{ path: \/health, periodSeconds: 30 \}\n/);
    assert.equal(unit.describe('reliability.probes.liveness'), '`reliability.probes.liveness`');
  });

  it('probes: a Deployment adds an httpGet probe to the serving container, named and located by that container', () => {
    const unit = unitOf(DEPLOYMENT);
    assert.equal(unit.describe('reliability.probes.liveness'), '`livenessProbe` of container `mistral-7b`');
    // A missing container setting is reported on the container's name.
    assert.equal(DEPLOYMENT.split('\n')[unit.where('reliability.probes.liveness').start.line].trim(), '- name: mistral-7b');
    const out = apply(DEPLOYMENT, unit.edit.addProbe('liveness', { path: '/health', port: 8000, periodSeconds: 15, failureThreshold: 5 }));
    const container = parse(out).spec.template.spec.containers[0];
    assert.deepEqual(container.livenessProbe, { httpGet: { path: '/health', port: 8000 }, periodSeconds: 15, failureThreshold: 5 });
    // A probe that is there is not added again.
    assert.deepEqual(unit.edit.addProbe('readiness', { path: '/health' }), []);
  });

  it('probes: without a known port a Deployment probe gets a snippet placeholder after those of the path', () => {
    const unit = unitOf(DEPLOYMENT);
    const [edit] = unit.edit.addProbe('startup', { path: '${1:/healthz}' });
    assert.match(edit.newText, /port: \$\{2:8000\}/);
  });

  it('plans decide what the editor writes without writing it: the same edits when asked, none where the format cannot state the fact', () => {
    const workload = unitOf(DEPLOYMENT);
    const native = unitOf(MANIFEST);
    const asks: [DeploymentUnit, (u: DeploymentUnit['plan'] | DeploymentUnit['edit']) => unknown][] = [
      [workload, (e) => e.set('governance.personalData.dpia', './dpia.md')],
      [workload, (e) => e.addKeys('resources.nodeSelector', [['cloud.google.com/gke-accelerator', 'nvidia-l4']])],
      [workload, (e) => e.addKeys('governance.aiAct.humanOversight', [['mechanism', 'human-in-the-loop'], ['reviewer', 'ops']])],
      [workload, (e) => e.addProbe('liveness', { path: '${1:/healthz}' })],
      [native, (e) => e.append('monitoring.slos', ['kind: latency\nobjective: ${1:p95 < 2s}'])],
      [native, (e) => e.addProbe('liveness', { path: '/health', periodSeconds: 30 })],
    ];
    for (const [unit, ask] of asks) assert.deepEqual((ask(unit.plan) as EditPlan).edits(), ask(unit.edit));
    assert.equal(workload.plan.addKeys('monitoring.drift', [['metric', 'psi']]), undefined);
    assert.equal(workload.plan.addProbe('readiness', { path: '/health' }), undefined);
    // Placeholders are known before the text is written: a port nothing states becomes one on a Deployment only.
    assert.equal(workload.plan.addProbe('liveness', { path: '/health' })!.placeholders(), true);
    assert.equal(workload.plan.addProbe('liveness', { path: '/health', port: 8000 })!.placeholders(), false);
    assert.equal(native.plan.addProbe('liveness', { path: '/health' })!.placeholders(), false);
    // A flow mapping is written from parsed text, which keeps no placeholder.
    const flow = parseYaml('model: { name: m }\n').documents[0];
    assert.equal(planInsertKeys(flow, ['model'], [['revision', '${1:main}']])!.placeholders(), true);
    assert.equal(planInsertAtPath(flow, ['model', 'x', 'revision'], '${1:main}')!.placeholders(), false);
  });

  it('probe fields read back from a Deployment keep their own source: the path of `httpGet` and each timing', () => {
    const unit = unitOf(DEPLOYMENT);
    const line = (fact: string) => DEPLOYMENT.split('\n')[unit.where(fact).start.line].trim();
    assert.equal(line('reliability.probes.readiness.path'), 'path: /health');
    assert.equal(line('reliability.probes.readiness.periodSeconds'), 'periodSeconds: 5');
    assert.equal(apply(DEPLOYMENT, unit.edit.set('reliability.probes.readiness.failureThreshold', '6')).includes('            periodSeconds: 5\n            failureThreshold: 6\n'), true);
  });
});

describe('typed resource facts', () => {
  it('reads Services, Ingresses, autoscalers, budgets, claims and policies into facts', () => {
    const text = [
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: llm\n  annotations: { cloud.google.com/load-balancer-type: Internal }\nspec:\n  type: LoadBalancer\n  ports: [{ name: http, port: 80, targetPort: http }]',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: llm\nspec:\n  tls: [{ secretName: t }]\n  rules:\n    - host: llm.example.com\n      http:\n        paths: [{ path: /, pathType: Prefix, backend: { service: { name: llm, port: { number: 80 } } } }]',
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: llm\nspec:\n  scaleTargetRef: { kind: Deployment, name: llm }\n  maxReplicas: "4"\n  metrics: [{ type: Resource, resource: { name: cpu } }, { type: Pods, pods: { metric: { name: q } } }]',
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: llm\nspec:\n  scaleTargetRef: { name: llm }\n  triggers: [{ type: prometheus }]',
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: llm\nspec:\n  maxUnavailable: "25%"',
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: weights\nspec:\n  accessModes: [ReadWriteOnce]',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}',
    ].join('\n---\n');
    const [svc, ing, hpa, keda, pdb, pvc, np] = analyze(text).resources.map((r) => r.facts);
    assert.deepEqual(svc.service, { type: 'LoadBalancer', loadBalancerSourceRanges: [], ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    assert.equal(svc.annotations['cloud.google.com/load-balancer-type'], 'Internal');
    assert.deepEqual(ing.ingress, { tls: true, hosts: ['llm.example.com'], backends: ['llm'] });
    assert.deepEqual({ ...hpa.scaler, minPath: undefined, maxPath: undefined }, {
      min: undefined,
      max: 4,
      minPath: undefined,
      maxPath: undefined,
      defaultMin: 1,
      signals: [{ name: 'cpu', path: ['spec', 'metrics', 0, 'resource', 'name'] }, { path: ['spec', 'metrics', 1] }],
    });
    assert.deepEqual([keda.scaler?.defaultMin, keda.scaler?.defaultMax, keda.scaler?.signals[0].name], [0, 100, 'prometheus']);
    assert.deepEqual(pdb.disruptionBudget, { minAvailable: undefined, maxUnavailable: '25%' });
    assert.deepEqual(pvc.claim, { accessModes: ['ReadWriteOnce'] });
    assert.deepEqual(np.networkPolicy, { wide: true });
  });
});
