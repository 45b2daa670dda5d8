import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Tests of the native ModelDeployment schema and the `.modelready.yaml` configuration schema on their own
 * (ajv + yaml, no engine): they compile with the options the engine uses, the examples are valid, and broken
 * manifests fail with the expected keyword at the expected instance path.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'native');

type Json = Record<string, unknown>;

const readJson = (rel: string): Json => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8')) as Json;
const readYaml = (file: string): Json => parse(readFileSync(file, 'utf8')) as Json;

const nativeSchema = readJson('schemas/modeldeployment.schema.json');
const configSchema = readJson('schemas/modelready-config.schema.json');

/** The options the engine uses. */
function engineAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const ajv = engineAjv();
const validateNative = ajv.compile(nativeSchema);
const validateConfig = ajv.compile(configSchema);

function errorsOf(validate: ValidateFunction, doc: unknown): ErrorObject[] {
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '(root)'} ${e.keyword}: ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

function assertValid(validate: ValidateFunction, doc: unknown, what: string): void {
  const errors = errorsOf(validate, doc);
  assert.equal(errors.length, 0, `${what} should be valid:\n${describeErrors(errors)}`);
}

function assertError(errors: ErrorObject[], keyword: string, instancePath: string, what: string): void {
  assert.ok(errors.length > 0, `${what} should be invalid`);
  assert.ok(
    errors.some((e) => e.keyword === keyword && e.instancePath === instancePath),
    `${what}: expected ${keyword} at ${instancePath || '(root)'}, got:\n${describeErrors(errors)}`,
  );
}

const clone = <T>(value: T): T => structuredClone(value);
const complete = readYaml(path.join(ROOT, 'examples', 'support-assistant.modelready.yaml'));
const halfFinished = readYaml(path.join(ROOT, 'examples', 'half-finished.modelready.yaml'));

/** Walks every subschema, calling `visit` with its JSON pointer. */
function walk(schema: unknown, pointer: string, visit: (s: Json, pointer: string) => void): void {
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => walk(s, `${pointer}/${i}`, visit));
    return;
  }
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Json;
  visit(s, pointer);
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    const map = s[key] as Json | undefined;
    if (map) for (const [name, sub] of Object.entries(map)) walk(sub, `${pointer}/${key}/${name}`, visit);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'not', 'anyOf', 'oneOf', 'allOf']) {
    if (s[key] && typeof s[key] === 'object') walk(s[key], `${pointer}/${key}`, visit);
  }
}

const SECTIONS = [
  'metadata',
  'model',
  'architecture',
  'serving',
  'resources',
  'scaling',
  'testing',
  'reliability',
  'governance',
  'monitoring',
  'implementation',
];

describe('native ModelDeployment schema', () => {
  describe('shape', () => {
    it('compiles with the engine options (draft-07 Ajv, strict: false, allErrors, ajv-formats)', () => {
      assert.equal(typeof validateNative, 'function');
      assert.equal(nativeSchema.$id, 'https://modelready.dev/schemas/modeldeployment.schema.json');
      assert.equal(nativeSchema.$schema, 'http://json-schema.org/draft-07/schema#');
    });

    it('is well-formed under ajv strict mode, apart from the editor keywords and intended constructs', () => {
      const strict = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
      strict.addVocabulary(['markdownDescription', 'defaultSnippets', 'patternErrorMessage']);
      addFormats(strict);
      assert.doesNotThrow(() => strict.compile(nativeSchema));
    });

    it('has the top-level sections of the design sketch', () => {
      const props = nativeSchema.properties as Json;
      assert.deepEqual(Object.keys(props).sort(), ['apiVersion', 'kind', ...SECTIONS].sort());
    });

    it('requires only apiVersion, kind, metadata.name and model.uri', () => {
      const props = nativeSchema.properties as Record<string, Json>;
      assert.deepEqual([...(nativeSchema.required as string[])].sort(), ['apiVersion', 'kind', 'metadata', 'model']);
      assert.deepEqual(props.metadata.required, ['name']);
      assert.deepEqual(props.model.required, ['uri']);
      for (const section of SECTIONS.filter((s) => s !== 'metadata' && s !== 'model')) {
        assert.equal(props[section].required, undefined, `${section} must not require anything`);
      }
    });

    it('gives every property a description and a markdownDescription', () => {
      const missing: string[] = [];
      walk(nativeSchema, '#', (s, pointer) => {
        const props = s.properties as Record<string, Json> | undefined;
        if (!props) return;
        for (const [name, sub] of Object.entries(props)) {
          if (typeof sub.description !== 'string' || !sub.description) missing.push(`${pointer}/properties/${name} description`);
          if (typeof sub.markdownDescription !== 'string' || !sub.markdownDescription) missing.push(`${pointer}/properties/${name} markdownDescription`);
        }
      });
      assert.deepEqual(missing, []);
    });

    it('closes every object except the free-form maps (labels, annotations, nodeSelector)', () => {
      const open: string[] = [];
      const maps: string[] = [];
      walk(nativeSchema, '#', (s, pointer) => {
        if (s.type !== 'object' && !s.properties) return;
        if (s.additionalProperties === false) return;
        if (s.additionalProperties && typeof s.additionalProperties === 'object') maps.push(pointer);
        else open.push(pointer);
      });
      assert.deepEqual(open, []);
      assert.deepEqual(maps.sort(), [
        '#/properties/metadata/properties/annotations',
        '#/properties/metadata/properties/labels',
        '#/properties/resources/properties/nodeSelector',
      ]);
    });

    it('offers a defaultSnippet and a valid example for every top-level section', () => {
      const props = nativeSchema.properties as Record<string, Json>;
      for (const section of SECTIONS) {
        const snippets = props[section].defaultSnippets as Array<{ label: string; description: string; body: unknown }>;
        assert.ok(Array.isArray(snippets) && snippets.length > 0, `${section} has defaultSnippets`);
        for (const snippet of snippets) {
          assert.equal(typeof snippet.label, 'string');
          assert.equal(typeof snippet.description, 'string');
          assert.notEqual(snippet.body, undefined);
        }
        const examples = props[section].examples as unknown[];
        assert.ok(Array.isArray(examples) && examples.length > 0, `${section} has examples`);
        for (const example of examples) {
          const doc = clone(complete);
          doc[section] = example;
          assertValid(validateNative, doc, `examples of ${section}`);
        }
      }
      for (const example of nativeSchema.examples as unknown[]) assertValid(validateNative, example, 'top-level example');
    });
  });

  describe('examples', () => {
    it('examples/support-assistant.modelready.yaml is valid and fills every section', () => {
      assertValid(validateNative, complete, 'support-assistant');
      for (const section of SECTIONS.filter((s) => s !== 'implementation')) assert.ok(complete[section], `has ${section}`);
    });

    it('examples/half-finished.modelready.yaml is valid although far from ready', () => {
      assertValid(validateNative, halfFinished, 'half-finished');
      for (const missing of ['testing', 'monitoring']) assert.equal(halfFinished[missing], undefined);
      const serving = halfFinished.serving as Json;
      assert.match(String(serving.image), /:latest$/);
      assert.equal(serving.auth, 'none');
      assert.equal(serving.exposure, 'public');
    });

    for (const file of readdirSync(path.join(FIXTURES, 'valid')).sort()) {
      it(`fixture valid/${file} is valid`, () => {
        assertValid(validateNative, readYaml(path.join(FIXTURES, 'valid', file)), file);
      });
    }
  });

  describe('broken manifests', () => {
    interface Case {
      name: string;
      mutate: (doc: Json) => void;
      keyword: string;
      instancePath: string;
      /** The only error ajv reports. */
      alone?: boolean;
    }
    const at = (doc: Json, ...keys: Array<string | number>): Json =>
      keys.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], doc);

    const cases: Case[] = [
      { name: 'enum typo in architecture.target', mutate: (d) => (at(d, 'architecture').target = 'hybird'), keyword: 'enum', instancePath: '/architecture/target', alone: true },
      { name: 'unknown property (typo replcias)', mutate: (d) => (at(d, 'scaling').replcias = 2), keyword: 'additionalProperties', instancePath: '/scaling', alone: true },
      { name: 'unknown top-level section (monitor)', mutate: (d) => (d.monitor = {}), keyword: 'additionalProperties', instancePath: '', alone: true },
      { name: 'wrong type: minReplicas as text', mutate: (d) => (at(d, 'scaling').minReplicas = 'two'), keyword: 'type', instancePath: '/scaling/minReplicas', alone: true },
      { name: 'wrong type: tls as a string', mutate: (d) => (at(d, 'serving').tls = 'yes'), keyword: 'type', instancePath: '/serving/tls', alone: true },
      { name: 'wrong type: fractional GPU count', mutate: (d) => (at(d, 'resources', 'accelerator').count = 1.5), keyword: 'type', instancePath: '/resources/accelerator/count', alone: true },
      { name: 'bad quantity 32GB', mutate: (d) => (at(d, 'resources').memory = '32GB'), keyword: 'pattern', instancePath: '/resources/memory', alone: true },
      { name: 'bad quantity "8 cores"', mutate: (d) => (at(d, 'resources').cpu = '8 cores'), keyword: 'pattern', instancePath: '/resources/cpu', alone: true },
      { name: 'negative numeric quantity', mutate: (d) => (at(d, 'resources').cpu = -2), keyword: 'minimum', instancePath: '/resources/cpu', alone: true },
      { name: 'bad duration "30 days"', mutate: (d) => (at(d, 'governance', 'personalData').retention = '30 days'), keyword: 'format', instancePath: '/governance/personalData/retention', alone: true },
      { name: 'bad duration 30d in an SLO window', mutate: (d) => (at(d, 'monitoring', 'slos', 0).window = '30d'), keyword: 'format', instancePath: '/monitoring/slos/0/window', alone: true },
      { name: 'missing metadata.name', mutate: (d) => delete at(d, 'metadata').name, keyword: 'required', instancePath: '/metadata', alone: true },
      { name: 'bad metadata.name (uppercase, underscore)', mutate: (d) => (at(d, 'metadata').name = 'Support_Assistant'), keyword: 'pattern', instancePath: '/metadata/name', alone: true },
      { name: 'metadata.name longer than 63', mutate: (d) => (at(d, 'metadata').name = 'a'.repeat(64)), keyword: 'maxLength', instancePath: '/metadata/name', alone: true },
      { name: 'missing model', mutate: (d) => delete d.model, keyword: 'required', instancePath: '', alone: true },
      { name: 'missing model.uri', mutate: (d) => delete at(d, 'model').uri, keyword: 'required', instancePath: '/model', alone: true },
      { name: 'wrong apiVersion', mutate: (d) => (d.apiVersion = 'modelready.dev/v1'), keyword: 'const', instancePath: '/apiVersion', alone: true },
      { name: 'wrong kind', mutate: (d) => (d.kind = 'Deployment'), keyword: 'const', instancePath: '/kind', alone: true },
      { name: 'bare model id without a scheme', mutate: (d) => (at(d, 'model').uri = 'meta-llama/Llama-3.1-8B-Instruct'), keyword: 'pattern', instancePath: '/model/uri', alone: true },
      { name: 'model card that is not a URI', mutate: (d) => (at(d, 'model').card = 'see the hub'), keyword: 'format', instancePath: '/model/card', alone: true },
      { name: 'short image digest', mutate: (d) => (at(d, 'serving').image = 'vllm/vllm-openai@sha256:abc123'), keyword: 'pattern', instancePath: '/serving/image', alone: true },
      { name: 'image with a space', mutate: (d) => (at(d, 'serving').image = 'vllm/vllm-openai latest'), keyword: 'pattern', instancePath: '/serving/image', alone: true },
      { name: 'malformed model digest', mutate: (d) => (at(d, 'model').digest = 'sha256:XYZ'), keyword: 'pattern', instancePath: '/model/digest', alone: true },
      { name: 'unknown runtime', mutate: (d) => (at(d, 'serving').runtime = 'vllm-openai'), keyword: 'enum', instancePath: '/serving/runtime', alone: true },
      { name: 'unknown protocol', mutate: (d) => (at(d, 'serving').protocol = 'rest'), keyword: 'enum', instancePath: '/serving/protocol', alone: true },
      { name: 'unknown auth', mutate: (d) => (at(d, 'serving').auth = 'basic'), keyword: 'enum', instancePath: '/serving/auth', alone: true },
      { name: 'port out of range', mutate: (d) => (at(d, 'serving').port = 70000), keyword: 'maximum', instancePath: '/serving/port', alone: true },
      { name: 'env with both value and secretRef', mutate: (d) => (at(d, 'serving', 'env', 0).value = 'hf_x'), keyword: 'oneOf', instancePath: '/serving/env/0' },
      { name: 'env with neither value nor secretRef', mutate: (d) => delete at(d, 'serving', 'env', 0).secretRef, keyword: 'oneOf', instancePath: '/serving/env/0' },
      { name: 'unknown data residency', mutate: (d) => (at(d, 'architecture').dataResidency = 'europe'), keyword: 'enum', instancePath: '/architecture/dataResidency', alone: true },
      { name: 'unknown transfer mechanism', mutate: (d) => (at(d, 'architecture', 'transfers').mechanism = 'contract'), keyword: 'enum', instancePath: '/architecture/transfers/mechanism', alone: true },
      { name: 'region object without a name', mutate: (d) => ((at(d, 'architecture').regions as unknown[])[1] = { country: 'NL' }), keyword: 'anyOf', instancePath: '/architecture/regions/1' },
      { name: 'lowercase region country', mutate: (d) => (at(d, 'architecture', 'regions', 1).country = 'nl'), keyword: 'pattern', instancePath: '/architecture/regions/1/country' },
      { name: 'unknown autoscaling metric (queue_depth)', mutate: (d) => (at(d, 'scaling', 'metric').type = 'queue_depth'), keyword: 'enum', instancePath: '/scaling/metric/type', alone: true },
      { name: 'unknown weights cache', mutate: (d) => (at(d, 'scaling', 'caching').modelWeights = 'hub'), keyword: 'enum', instancePath: '/scaling/caching/modelWeights', alone: true },
      { name: 'disruption budget with both fields', mutate: (d) => (at(d, 'reliability', 'disruptionBudget').maxUnavailable = 1), keyword: 'maxProperties', instancePath: '/reliability/disruptionBudget', alone: true },
      { name: 'maxUnavailable 150%', mutate: (d) => (at(d, 'reliability', 'rollout').maxUnavailable = '150%'), keyword: 'pattern', instancePath: '/reliability/rollout/maxUnavailable', alone: true },
      { name: 'unknown rollout strategy', mutate: (d) => (at(d, 'reliability', 'rollout').strategy = 'big-bang'), keyword: 'enum', instancePath: '/reliability/rollout/strategy', alone: true },
      { name: 'probe path without a leading slash', mutate: (d) => (at(d, 'reliability', 'probes').readiness = 'health'), keyword: 'anyOf', instancePath: '/reliability/probes/readiness' },
      { name: 'unknown lawful basis', mutate: (d) => (at(d, 'governance', 'personalData').lawfulBasis = 'consent-given'), keyword: 'enum', instancePath: '/governance/personalData/lawfulBasis', alone: true },
      { name: 'unknown special category', mutate: (d) => (at(d, 'governance', 'personalData').specialCategories = ['medical']), keyword: 'enum', instancePath: '/governance/personalData/specialCategories/0', alone: true },
      { name: 'unknown AI Act risk category', mutate: (d) => (at(d, 'governance', 'aiAct').riskCategory = 'medium'), keyword: 'enum', instancePath: '/governance/aiAct/riskCategory', alone: true },
      { name: 'sample rate above 1', mutate: (d) => (at(d, 'monitoring', 'logging').sampleRate = 1.5), keyword: 'maximum', instancePath: '/monitoring/logging/sampleRate', alone: true },
      { name: 'unknown request-logging mode', mutate: (d) => (at(d, 'monitoring', 'logging').requests = 'some'), keyword: 'enum', instancePath: '/monitoring/logging/requests', alone: true },
      { name: 'SLO without a name', mutate: (d) => delete at(d, 'monitoring', 'slos', 0).name, keyword: 'required', instancePath: '/monitoring/slos/0', alone: true },
      { name: 'unknown retraining approval', mutate: (d) => (at(d, 'monitoring', 'retraining').approval = 'yes'), keyword: 'enum', instancePath: '/monitoring/retraining/approval', alone: true },
      { name: 'label value that is not a string', mutate: (d) => (at(d, 'metadata', 'labels').tier = 1), keyword: 'type', instancePath: '/metadata/labels/tier', alone: true },
      { name: 'implementation as a single string', mutate: (d) => (d.implementation = './k8s/*.yaml'), keyword: 'type', instancePath: '/implementation', alone: true },
    ];

    for (const c of cases) {
      it(c.name, () => {
        const doc = clone(complete);
        c.mutate(doc);
        const errors = errorsOf(validateNative, doc);
        assertError(errors, c.keyword, c.instancePath, c.name);
        if (c.alone) assert.equal(errors.length, 1, `${c.name}: expected one error, got:\n${describeErrors(errors)}`);
      });
    }

    for (const file of readdirSync(path.join(FIXTURES, 'invalid')).sort()) {
      it(`fixture invalid/${file} fails as its header says`, () => {
        const text = readFileSync(path.join(FIXTURES, 'invalid', file), 'utf8');
        const keyword = /^# expect-keyword: (\S+)$/m.exec(text)?.[1];
        const instancePath = /^# expect-path: (\S*)$/m.exec(text)?.[1];
        assert.ok(keyword !== undefined && instancePath !== undefined, `${file} declares expect-keyword and expect-path`);
        assertError(errorsOf(validateNative, parse(text)), keyword, instancePath, file);
      });
    }
  });

  describe('value grammars', () => {
    const props = nativeSchema.properties as Record<string, Json>;
    const sub = (...keys: string[]): ValidateFunction =>
      ajv.compile(keys.reduce<Json>((s, key) => (s.properties as Record<string, Json>)[key], { properties: props }));

    const table: Array<[string, ValidateFunction, unknown[], unknown[]]> = [
      [
        'Kubernetes quantities (memory)',
        sub('resources', 'memory'),
        ['32Gi', '64G', '512Mi', '1.5Gi', '1e3', '1E3', '.5', '100n', '+1Ki', 8, 0.5, '8', '500m'],
        ['32GB', '8 cores', '', 'Gi', '1.2.3', '1Mi2', '32 Gi', 'ten', -1],
      ],
      [
        'model URIs',
        sub('model', 'uri'),
        ['hf://meta-llama/Llama-3.1-8B-Instruct', 'hf://org/model:0e9e39f2', 's3://bucket/path/', 'gs://b/p', 'pvc://claim/path', 'oci://registry.example.com/models/llama:3.1', 'ollama://llama3.1:8b', 'https://models.example.com/x.tar'],
        ['meta-llama/Llama-3.1-8B-Instruct', 'hf:/org/model', 'hf://', 'hf://org/model with space', '1hf://org/model'],
      ],
      [
        'ISO 8601 durations',
        sub('governance', 'personalData', 'retention'),
        ['P30D', 'P1Y', 'P6M', 'PT12H', 'P1W', 'P1DT12H', 'PT90S'],
        ['30 days', '30d', 'P', 'PT', 'P30', '1 month', 30],
      ],
      [
        'image references',
        sub('serving', 'image'),
        ['vllm/vllm-openai:latest', 'vllm/vllm-openai', `vllm/vllm-openai@sha256:${'a'.repeat(64)}`, `nvcr.io/nim/meta/llama3-8b:1.0@sha256:${'0'.repeat(64)}`, 'localhost:5000/vllm:v1'],
        ['vllm/vllm-openai@sha256:...', `vllm@sha256:${'A'.repeat(64)}`, 'a b', ''],
      ],
      [
        'metadata.name (DNS-1123 label)',
        sub('metadata', 'name'),
        ['support-assistant', 'a', 'llama3-8b', '0abc'],
        ['Support', 'support_assistant', '-a', 'a-', 'a.b', '', 'a'.repeat(64)],
      ],
      [
        'percentages and counts',
        sub('reliability', 'disruptionBudget', 'minAvailable'),
        [0, 1, '50%', '100%', '0%'],
        ['150%', '50', -1, '1.5%', 1.5],
      ],
    ];

    for (const [name, validate, good, bad] of table) {
      it(`${name}: accepts ${good.length} and rejects ${bad.length} values`, () => {
        for (const value of good) assert.ok(validate(value), `${name} should accept ${JSON.stringify(value)}: ${describeErrors(validate.errors ?? [])}`);
        for (const value of bad) assert.ok(!validate(value), `${name} should reject ${JSON.stringify(value)}`);
      });
    }
  });
});

describe('.modelready.yaml configuration schema', () => {
  it('compiles and its example is valid', () => {
    assert.equal(configSchema.$id, 'https://modelready.dev/schemas/modelready-config.schema.json');
    for (const example of configSchema.examples as unknown[]) assertValid(validateConfig, example, 'config example');
  });

  it('gives every property a description and a markdownDescription', () => {
    const missing: string[] = [];
    walk(configSchema, '#', (s, pointer) => {
      for (const [name, sub] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
        if (!sub.description || !sub.markdownDescription) missing.push(`${pointer}/properties/${name}`);
      }
    });
    assert.deepEqual(missing, []);
  });

  it('lists the known rule ids for completion, each matching area/name', () => {
    const rules = (configSchema.properties as Record<string, Json>).rules.properties as Record<string, Json>;
    const ids = Object.keys(rules);
    assert.ok(ids.length >= 50, `${ids.length} rule ids`);
    for (const id of ids) assert.match(id, /^[a-z]+\/[a-z0-9-]+$/);
    for (const id of ['schema/invalid', 'reliability/image-pinned', 'scaling/llm-metric', 'security/inline-secret', 'governance/risk-category', 'monitoring/runbook']) {
      assert.ok(ids.includes(id), id);
    }
  });

  it('accepts a full configuration', () => {
    assertValid(
      validateConfig,
      parse(`
profile: regulated
rules:
  monitoring/drift: warning
  reliability/replicas-ha: [error, { min: 3 }]
  governance/transparency: "off"
  custom/future-rule: info
  reliability/load-test: [warning]
ignore: ["charts/**/templates/**"]
schemas:
  - match: { apiVersion: example.com/v1, kind: ModelRoute }
    schema: ./crds/modelroute.yaml
  - files: ["config/*.yaml", "more/*.yml"]
    schema: ./schemas/app.schema.json
limits: { maxFileSizeBytes: 20971520, maxDocuments: 20000, maxAliasCount: 100, maxDepth: 64, maxStringLength: 65536, timeoutMsPerDocument: 500 }
commercialUse: true
`),
      'full configuration',
    );
  });

  const bad: Array<[string, string, string, string]> = [
    ['unknown profile', 'profile: prod', 'enum', '/profile'],
    ['unknown severity', 'rules: { monitoring/drift: warn }', 'anyOf', '/rules/monitoring~1drift'],
    ['malformed rule id', 'rules: { Monitoring.Drift: error }', 'propertyNames', '/rules'],
    ['severity tuple too long', 'rules: { monitoring/drift: [error, {}, 1] }', 'anyOf', '/rules/monitoring~1drift'],
    ['schema mapping without match or files', 'schemas: [{ schema: ./x.json }]', 'anyOf', '/schemas/0'],
    ['schema mapping to a URL', 'schemas: [{ files: "*.yaml", schema: "https://example.com/s.json" }]', 'pattern', '/schemas/0/schema'],
    ['negative limit', 'limits: { maxDocuments: -1 }', 'minimum', '/limits/maxDocuments'],
    ['unknown limit', 'limits: { maxDocs: 5 }', 'additionalProperties', '/limits'],
    ['unknown top-level key', 'profiles: production', 'additionalProperties', ''],
    ['commercialUse as text', 'commercialUse: "yes"', 'type', '/commercialUse'],
  ];
  for (const [name, text, keyword, instancePath] of bad) {
    it(`rejects ${name}`, () => assertError(errorsOf(validateConfig, parse(text)), keyword, instancePath, name));
  }
});
