import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../../server/src/engine/config/config';
import { analyzeFile } from '../../server/src/engine/check';
import { complete } from '../../server/src/engine/language/completion';
import { hover } from '../../server/src/engine/language/hover';
import { loadConfigFor } from '../../server/src/node/config-file';

/**
 * Completion and hover read the schema the validator uses for a document: the schemas a workspace maps in
 * `.modelready.yaml` (a CRD, a JSON Schema by file glob) and a chart's `values.schema.json` for its values files.
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'workspace-schemas');

// The ModelService with the cursor on a new line under `decode:`.
const MODEL_SERVICE = `${readFileSync(join(FIXTURES, 'modelservice.yaml'), 'utf8')}    \n`;
const DECODE_LINE = MODEL_SERVICE.split('\n').length - 2;

// The llm-d inference scheduler's plugins configuration, in a file of its own.
const EPP_CONFIG = `apiVersion: inference.networking.x-k8s.io/v1alpha1
kind: EndpointPickerConfig
plugins:
- type: prefix-cache-scorer
- type: 
schedulingProfiles:
- name: default
  plugins:
  - pluginRef: prefix-cache-scorer
    
`;

// A values file of the llm-d-modelservice chart (TPU variant) beside the chart's values.schema.json.
const CHART_VALUES = 'accelerator:\n  type: google\ndecode:\n  replicas: 2\n  \n';

/** A workspace with the fixtures and the mapping; returns the config of a file in it. */
function workspace(): { dir: string; configOf: (rel: string, trusted?: boolean) => Config } {
  const dir = mkdtempSync(join(tmpdir(), 'modelready-ws-schemas-'));
  cpSync(FIXTURES, dir, { recursive: true });
  cpSync(join(FIXTURES, 'modelready.yaml'), join(dir, '.modelready.yaml'));
  const configOf = (rel: string, trusted = true): Config => {
    const loaded = loadConfigFor(dirname(join(dir, rel)), undefined, undefined, undefined, trusted);
    assert.deepEqual(loaded.problems, []);
    return loaded.config;
  };
  return { dir, configOf };
}

function place(dir: string, rel: string, text: string): string {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
  return pathToFileURL(join(dir, rel)).href;
}

const lineOf = (text: string, prefix: string): number => text.split('\n').findIndex((l) => l.startsWith(prefix));

describe('completion and hover from workspace schemas', () => {
  const { dir, configOf } = workspace();
  const crdUri = place(dir, 'deploy/qwen3.yaml', MODEL_SERVICE);
  const eppUri = place(dir, 'epp/scheduler.yaml', EPP_CONFIG);
  const valuesUri = place(dir, 'chart/ci/values-tpu.yaml', CHART_VALUES);

  it('offers the fields of a CRD mapped by apiVersion/kind, with their descriptions, and not those present', () => {
    const config = configOf('deploy/qwen3.yaml');
    const file = analyzeFile(crdUri, MODEL_SERVICE, config);
    const decode = complete(file, DECODE_LINE, 4, config);
    assert.deepEqual(decode.filter((c) => c.kind === 'property').map((c) => c.label), ['acceleratorTypes']);
    assert.match(decode[0].documentation ?? '', /set of accelerators on which/);
    const spec = complete(file, DECODE_LINE, 2, config);
    const scaling = spec.find((c) => c.label === 'decoupleScaling');
    assert.ok(scaling, spec.map((c) => c.label).join());
    assert.match(scaling.documentation ?? '', /autoscale with HPA/);
    assert.equal(scaling.insertText, 'decoupleScaling: ${1|true,false|}');
    assert.ok(!spec.some((c) => c.label === 'routing' || c.label === 'modelArtifacts'));
  });

  it('shows the description of a CRD field on hover, naming the mapped schema', () => {
    const config = configOf('deploy/qwen3.yaml');
    const h = hover(analyzeFile(crdUri, MODEL_SERVICE, config), lineOf(MODEL_SERVICE, '    modelName'), 6, config);
    assert.ok(h);
    assert.match(h.markdown, /^\*\*spec\.routing\.modelName\*\* \(schema \.\/modelservice-crd\.yaml\)/);
    assert.match(h.markdown, /model field within inference request/);
  });

  it('completes a document a JSON Schema is mapped to by file glob: properties in lists and enum values', () => {
    const config = configOf('epp/scheduler.yaml');
    const file = analyzeFile(eppUri, EPP_CONFIG, config);
    const refs = complete(file, lineOf(EPP_CONFIG, '  - pluginRef') + 1, 4, config);
    assert.deepEqual(refs.map((c) => c.label), ['weight']);
    assert.match(refs[0].documentation ?? '', /Weight of a scorer/);
    const types = complete(file, 4, 8, config).map((c) => c.label);
    assert.deepEqual(types, ['prefix-cache-scorer', 'queue-scorer', 'kv-cache-utilization-scorer', 'max-score-picker', 'single-profile-handler']);
  });

  it("completes and describes a chart's values file from the chart's values.schema.json", () => {
    const config = configOf('chart/ci/values-tpu.yaml');
    const file = analyzeFile(valuesUri, CHART_VALUES, config);
    const decode = complete(file, 4, 2, config).map((c) => c.label);
    assert.deepEqual(decode.sort(), ['autoscaling', 'create']);
    const h = hover(file, 1, 3, config);
    assert.ok(h);
    assert.match(h.markdown, /\*\*accelerator\.type\*\*[^]*Type of accelerator to use/);
  });

  it('uses no workspace schema in an untrusted workspace, as validation does', () => {
    const crdConfig = configOf('deploy/qwen3.yaml', false);
    const crd = analyzeFile(crdUri, MODEL_SERVICE, crdConfig);
    assert.deepEqual(complete(crd, DECODE_LINE, 4, crdConfig), []);
    assert.equal(hover(crd, lineOf(MODEL_SERVICE, '    modelName'), 6, crdConfig), undefined);
    const valuesConfig = configOf('chart/ci/values-tpu.yaml', false);
    assert.deepEqual(complete(analyzeFile(valuesUri, CHART_VALUES, valuesConfig), 4, 2, valuesConfig), []);
  });

  it('completes a document that does not parse yet from the schema its apiVersion/kind lines map', () => {
    const config = configOf('deploy/qwen3.yaml');
    const typing = 'apiVersion: llm-d.ai/v1alpha1\nkind: ModelService\nspec:\n  routing: [\n  \n';
    const labels = complete(analyzeFile(crdUri, typing, config), 4, 2, config).map((c) => c.label);
    assert.ok(labels.includes('modelArtifacts') && labels.includes('decode'), labels.join());
  });
});
