#!/usr/bin/env node
// Converts the upstream Kubernetes 1.34 JSON Schemas and the CRDs' openAPIV3Schema into the schemas ModelReady
// ships (schemas/kubernetes/*.json, schemas/crds/*.json, schemas/kubernetes/definitions.json).
// Run by hand when the upstream files change; the output is committed:
//
//   node scripts/schemas/prepare.mjs [--upstream ../shared/upstream]
//
// What it does, so that a manifest the API server accepts gets no false error:
// - null means "unset" (Kubernetes decodes null to the zero value; CRDs prune nulls): every `type` allows null and
//   every `enum` lists null.
// - int-or-string (`oneOf` string|integer in the Kubernetes schemas, `x-kubernetes-int-or-string` + `anyOf` in CRDs)
//   becomes one `type: [integer, string, null]`; Quantity (`oneOf` string|number) becomes `type: [number, string, null]`
//   with the Quantity grammar as `pattern` (the `oneOf` of the upstream files fails on null, both branches match).
// - formats: `int32` becomes minimum/maximum, `byte` becomes a base64 `pattern` (the server cannot decode anything
//   else), `date-time` stays; `int64`, `double`, ... are dropped (ajv does not know them; JS numbers cannot exceed them).
// - CRD `default`s are applied by the API server before validation: a `required` property with a default is not
//   required. Defaults, CEL rules (`x-kubernetes-validations`) and list/map markers are dropped.
// - Unknown fields are pruned by the server (and rejected by `kubectl apply`): objects with `properties` get
//   `additionalProperties: false` (reported as a warning by the adapters), except under
//   `x-kubernetes-preserve-unknown-fields`. Embedded resources get apiVersion/kind/metadata.
// - CRD `metadata` (just `type: object` upstream) becomes Kubernetes' ObjectMeta.
// - Size: identical subschemas (after the above) are stored once in definitions.json and referenced with `$ref`;
//   descriptions are kept for hover.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argUpstream = process.argv.indexOf('--upstream');
const UPSTREAM = resolve(ROOT, argUpstream > 0 ? process.argv[argUpstream + 1] : '../shared/upstream');
const OUT = join(ROOT, 'schemas');

/** Kubernetes schemas: upstream file → output name. */
const KUBERNETES = [
  'deployment-apps-v1',
  'statefulset-apps-v1',
  'service-v1',
  'configmap-v1',
  'secret-v1',
  'horizontalpodautoscaler-autoscaling-v2',
  'poddisruptionbudget-policy-v1',
  'ingress-networking-v1',
  'networkpolicy-networking-v1',
  'httproute-gateway-v1',
  'scaledobject-keda-v1alpha1',
];

/**
 * CRDs: file, versions → output name. `kind` names another kind with the same schema: KServe's
 * ClusterServingRuntime is a cluster-scoped ServingRuntime (both are `ServingRuntimeSpec` in
 * pkg/apis/serving/v1alpha1/servingruntime_types.go), and its CRD is not in the upstream folder.
 */
const CRDS = [
  { file: 'kserve/serving.kserve.io_inferenceservices.yaml', versions: ['v1beta1'] },
  { file: 'kserve/serving.kserve.io_servingruntimes.yaml', versions: ['v1alpha1'] },
  { file: 'kserve/serving.kserve.io_servingruntimes.yaml', versions: ['v1alpha1'], kind: 'ClusterServingRuntime' },
  { file: 'kserve/serving.kserve.io_llminferenceservices.yaml', versions: ['v1alpha1', 'v1alpha2'] },
  { file: 'kuberay/ray.io_rayservices.yaml', versions: ['v1', 'v1alpha1'] },
  { file: 'kuberay/ray.io_rayclusters.yaml', versions: ['v1'] },
  { file: 'kuberay/ray.io_rayjobs.yaml', versions: ['v1'] },
  { file: 'lws/leaderworkerset.x-k8s.io_leaderworkersets.yaml', versions: ['v1'] },
  { file: 'lws/disaggregatedset.x-k8s.io_disaggregatedsets.yaml', versions: ['v1'] },
  { file: 'gateway-api-inference-extension/inference.networking.k8s.io_inferencepools.yaml', versions: ['v1'] },
  { file: 'nim-operator/apps.nvidia.com_nimservices.yaml', versions: ['v1alpha1'] },
  { file: 'nim-operator/apps.nvidia.com_nimcaches.yaml', versions: ['v1alpha1'] },
  { file: 'argo-rollouts/rollout-crd.yaml', versions: ['v1alpha1'] },
  { file: 'production-stack/production-stack.vllm.ai_vllmruntimes.yaml', versions: ['v1alpha1'] },
  { file: 'kaito/kaito.sh_workspaces.yaml', versions: ['v1alpha1', 'v1beta1'] },
  { file: 'kaito/kaito.sh_inferencesets.yaml', versions: ['v1alpha1', 'v1beta1'] },
  { file: 'aibrix/orchestration.aibrix.ai_stormservices.yaml', versions: ['v1alpha1'] },
  { file: 'aibrix/model.aibrix.ai_modeladapters.yaml', versions: ['v1alpha1'] },
];

/**
 * Helm charts whose `values.schema.json` is shipped as written (it is a chart's own schema, not a CRD): copied to
 * schemas/charts/<chart>.values.schema.json; formats/helm-values.ts reads it as Helm does at run time.
 */
const CHARTS = ['vllm-stack'];

const QUANTITY = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const QUANTITY_MESSAGE = 'A Kubernetes quantity is a number with an optional suffix, e.g. `500m`, `2`, `16Gi`, `1e3`.';
const BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';
const BASE64_MESSAGE = 'Secret and ConfigMap `data` values must be base64-encoded; put plain text under `stringData` instead.';

/** Keywords validation or hover needs; everything else is dropped. */
const KEEP = new Set([
  'type', 'properties', 'items', 'additionalProperties', 'required', 'enum', 'const', 'description', 'pattern',
  'patternErrorMessage', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'minProperties', 'maxProperties', 'anyOf', 'oneOf', 'allOf', 'not', 'format', '$ref',
  'x-modelready-redact',
]);

const stats = { intOrString: 0, quantity: 0, int32: 0, byte: 0, requiredWithDefault: 0, closed: 0, preserved: 0, embedded: 0, nullEnums: 0, patterns: 0 };

function validUnicodePattern(pattern) {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function typesOf(node) {
  return Array.isArray(node.type) ? [...node.type] : typeof node.type === 'string' ? [node.type] : [];
}

/** Normalises one schema node in place (children first) to the dialect described above. */
function normalize(node, objectMeta) {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;

  // Kubernetes standalone schemas: int-or-string and Quantity as `oneOf` of two nullable types.
  if (Array.isArray(node.oneOf) && node.oneOf.length === 2 && node.oneOf.every((b) => b && Object.keys(b).length === 1 && b.type)) {
    const types = node.oneOf.flatMap((b) => typesOf(b)).filter((t) => t !== 'null');
    if (types.includes('string') && types.includes('integer')) {
      delete node.oneOf;
      node.type = ['integer', 'string'];
      stats.intOrString++;
    } else if (types.includes('string') && types.includes('number')) {
      delete node.oneOf;
      node.type = ['number', 'string'];
      node.pattern = QUANTITY;
      stats.quantity++;
    }
  }
  // CRDs: `x-kubernetes-int-or-string` with `anyOf: [{type: integer}, {type: string}]`.
  if (node['x-kubernetes-int-or-string']) {
    delete node.anyOf;
    node.type = ['integer', 'string'];
    stats.intOrString++;
  }
  // Patterns are compiled as Unicode regular expressions (ajv's default), where `\-` outside a class is an error
  // (NIM operator and Argo Rollouts CRDs write DNS names that way): the same character as `\x2d`.
  if (typeof node.pattern === 'string' && !validUnicodePattern(node.pattern)) {
    node.pattern = node.pattern.replace(/\\-/g, '\\x2d');
    if (!validUnicodePattern(node.pattern)) throw new Error(`pattern ${node.pattern} is not a valid regular expression`);
    stats.patterns++;
  }
  if (node.pattern === QUANTITY || (typeof node.pattern === 'string' && node.pattern.includes('([KMGTPE]i)|[numkMGTPE]'))) {
    node.patternErrorMessage = QUANTITY_MESSAGE;
  }

  // Formats.
  if (node.format === 'int32') {
    node.minimum = Math.max(node.minimum ?? -2147483648, -2147483648);
    node.maximum = Math.min(node.maximum ?? 2147483647, 2147483647);
    stats.int32++;
  } else if (node.format === 'byte') {
    node.pattern = BASE64;
    node.patternErrorMessage = BASE64_MESSAGE;
    node['x-modelready-redact'] = true;
    stats.byte++;
  }
  if (node.format !== 'date-time') delete node.format;

  // Embedded resources carry their own apiVersion, kind and metadata.
  if (node['x-kubernetes-embedded-resource']) {
    node.properties = {
      apiVersion: { type: 'string', description: 'APIVersion of the embedded object.' },
      kind: { type: 'string', description: 'Kind of the embedded object.' },
      metadata: structuredClone(objectMeta),
      ...(node.properties ?? {}),
    };
    stats.embedded++;
  }

  // Defaults are applied before validation: a defaulted property is never missing (read before children drop them).
  if (Array.isArray(node.required) && node.properties) {
    const required = node.required.filter((r) => node.properties[r]?.default === undefined);
    stats.requiredWithDefault += node.required.length - required.length;
    if (required.length) node.required = required;
    else delete node.required;
  }

  // Children.
  if (node.properties) for (const [k, v] of Object.entries(node.properties)) node.properties[k] = normalize(v, objectMeta);
  if (node.items && typeof node.items === 'object') node.items = normalize(node.items, objectMeta);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') node.additionalProperties = normalize(node.additionalProperties, objectMeta);
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(node[k])) node[k] = node[k].map((b) => normalize(b, objectMeta));
  if (node.not) node.not = normalize(node.not, objectMeta);

  // Null is "unset".
  if (node.type !== undefined || node.nullable) {
    const types = typesOf(node);
    if (!types.includes('null')) types.push('null');
    node.type = types.length === 1 ? types[0] : types;
  }
  if (Array.isArray(node.enum) && !node.enum.includes(null)) {
    node.enum = [...node.enum, null];
    stats.nullEnums++;
  }

  // Unknown fields are pruned by the server: close objects whose fields are known.
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (preserve) stats.preserved++;
  if (!preserve && node.properties && Object.keys(node.properties).length > 0 && node.additionalProperties === undefined) {
    node.additionalProperties = false;
    stats.closed++;
  }

  for (const k of Object.keys(node)) if (!KEEP.has(k)) delete node[k];
  return node;
}

/** Kubernetes' ObjectMeta, normalised, taken from the Deployment schema. */
function objectMetaFrom(deployment) {
  const meta = structuredClone(deployment.properties.metadata);
  return normalize(meta, {});
}

// ---------------------------------------------------------------------------------------------------------------
// Sharing: hash-consing of identical subschemas into one definitions table.

const MIN_SHARED_SIZE = 120; // bytes of JSON below which a `$ref` saves nothing worth its indirection

function canonical(node) {
  return JSON.stringify(node, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}


/** Visits schema children (not keyword values such as `enum`), calling fn(child) → replacement. */
function mapChildren(node, fn) {
  if (node.properties) for (const k of Object.keys(node.properties)) node.properties[k] = fn(node.properties[k], k);
  if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) node.items = fn(node.items, 'item');
  if (node.additionalProperties && typeof node.additionalProperties === 'object') node.additionalProperties = fn(node.additionalProperties, 'value');
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(node[k])) node[k] = node[k].map((b) => fn(b, k));
  if (node.not && typeof node.not === 'object') node.not = fn(node.not, 'not');
}

/** Pass 1: key every node by its content (children already keyed), count occurrences across all schemas. */
function keyTree(node, counts, keys, names, nameHint) {
  mapChildren(node, (child, hint) => {
    keyTree(child, counts, keys, names, hint);
    return child;
  });
  const shallow = { ...node };
  if (shallow.properties) shallow.properties = Object.fromEntries(Object.entries(shallow.properties).map(([k, v]) => [k, keys.get(v)]));
  for (const k of ['items', 'additionalProperties', 'not']) if (shallow[k] && typeof shallow[k] === 'object') shallow[k] = keys.get(shallow[k]);
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(shallow[k])) shallow[k] = shallow[k].map((b) => keys.get(b));
  const key = createHash('sha1').update(canonical(shallow)).digest('base64url').slice(0, 10);
  keys.set(node, key);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (!names.has(key)) names.set(key, nameHint);
  return key;
}

/** Pass 2: replace shared nodes by `$ref`s, filling `definitions`. */
function share(node, keys, counts, names, definitions, usedNames, isRoot = false) {
  const key = keys.get(node);
  const shared = !isRoot && counts.get(key) > 1 && JSON.stringify(node).length >= MIN_SHARED_SIZE;
  if (shared && usedNames.has(key)) return { $ref: `#/definitions/${usedNames.get(key)}` };
  mapChildren(node, (child) => share(child, keys, counts, names, definitions, usedNames));
  if (!shared) return node;
  const base = String(names.get(key) ?? 'def').replace(/[^A-Za-z0-9_-]/g, '_');
  const name = `${base}.${key.slice(0, 6)}`;
  usedNames.set(key, name);
  definitions[name] = node;
  return { $ref: `#/definitions/${name}` };
}

// ---------------------------------------------------------------------------------------------------------------

function readCrd(file) {
  const docs = parseAllDocuments(readFileSync(join(UPSTREAM, 'crds', file), 'utf8')).map((d) => d.toJS());
  return docs.find((d) => d?.kind === 'CustomResourceDefinition');
}

/**
 * Fields upstream added after the CRD commit we ship, which real manifests already use: without them a valid file
 * gets an "unknown property" warning its authors would rightly reject. Each says where it comes from.
 */
const NEWER_FIELDS = [
  // LeaderWorkerSet `spec.groupIdentity` (`Ordinal` default, or `Hash`: kubernetes-sigs/lws api/leaderworkerset/v1;
  // its rollout docs: "Only supported when `.spec.groupIdentity` is `Ordinal`"); llm-d's DisaggregatedSet roles set `Hash`.
  { file: 'lws/leaderworkerset.x-k8s.io_leaderworkersets.yaml', path: ['spec'], name: 'groupIdentity', schema: { type: 'string', enum: ['Ordinal', 'Hash'], description: 'How the groups of the set are identified: `Ordinal` (default, by index) or `Hash` (by a hash of their template).' } },
  { file: 'lws/disaggregatedset.x-k8s.io_disaggregatedsets.yaml', path: ['spec', 'roles', '[]', 'spec'], name: 'groupIdentity', schema: { type: 'string', enum: ['Ordinal', 'Hash'], description: 'How the groups of the role are identified: `Ordinal` (default, by index) or `Hash` (by a hash of their template).' } },
];

function addNewerFields(file, schema) {
  for (const f of NEWER_FIELDS.filter((x) => x.file === file)) {
    let node = schema;
    for (const seg of f.path) node = seg === '[]' ? node.items : node.properties[seg];
    node.properties[f.name] ??= f.schema;
  }
}

function main() {
  const deployment = JSON.parse(readFileSync(join(UPSTREAM, 'schemas/kubernetes-1.34/deployment-apps-v1.json'), 'utf8'));
  const objectMeta = objectMetaFrom(deployment);

  /** name → { dir, schema, before } */
  const outputs = [];
  for (const name of KUBERNETES) {
    const text = readFileSync(join(UPSTREAM, 'schemas/kubernetes-1.34', `${name}.json`), 'utf8');
    const schema = normalize(JSON.parse(text), objectMeta);
    outputs.push({ dir: 'kubernetes', name, schema, before: text.length, beforeMin: JSON.stringify(JSON.parse(text)).length });
  }
  for (const { file, versions, kind: sameSchemaKind } of CRDS) {
    const crd = readCrd(file);
    const group = crd.spec.group;
    const kind = sameSchemaKind ?? crd.spec.names.kind;
    for (const v of versions) {
      const version = crd.spec.versions.find((x) => x.name === v);
      if (!version) throw new Error(`${file}: no version ${v}`);
      const raw = version.schema.openAPIV3Schema;
      const beforeMin = JSON.stringify(raw).length;
      const schema = structuredClone(raw);
      addNewerFields(file, schema);
      schema.properties ??= {};
      schema.properties.metadata = structuredClone(objectMeta);
      schema.properties.apiVersion = { ...schema.properties.apiVersion, enum: [`${group}/${v}`] };
      schema.properties.kind = { ...schema.properties.kind, enum: [kind] };
      normalize(schema, objectMeta);
      schema.description ??= `${kind} (${group}/${v}).`;
      outputs.push({ dir: 'crds', name: `${kind.toLowerCase()}-${group.split('.')[0]}-${v}`, schema, before: beforeMin, beforeMin });
    }
  }

  const expected = outputs.map((o) => canonical(o.schema));
  const counts = new Map();
  const keys = new Map();
  const names = new Map();
  for (const o of outputs) keyTree(o.schema, counts, keys, names, o.name);
  const definitions = {};
  const usedNames = new Map();
  for (const o of outputs) o.schema = share(o.schema, keys, counts, names, definitions, usedNames, true);

  // Self-check: expanding the `$ref`s gives back exactly the normalised schemas.
  const expand = (node) => {
    if (Array.isArray(node)) return node.map(expand);
    if (!node || typeof node !== 'object') return node;
    if (node.$ref) return expand(definitions[node.$ref.slice('#/definitions/'.length)]);
    // `properties` maps names to schemas (a property may be named `required`, as in AIBrix's pod-group affinity).
    const value = (k, v) => (k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, expand(s)])) : k === 'enum' || k === 'required' ? v : expand(v));
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, value(k, v)]));
  };
  outputs.forEach((o, i) => {
    if (canonical(expand(o.schema)) !== expected[i]) throw new Error(`sharing changed ${o.name}`);
  });

  for (const dir of ['kubernetes', 'crds']) {
    rmSync(join(OUT, dir), { recursive: true, force: true });
    mkdirSync(join(OUT, dir), { recursive: true });
  }
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  writeFileSync(join(OUT, 'kubernetes', 'definitions.json'), JSON.stringify({ definitions: sorted }) + '\n');
  let beforeTotal = 0;
  let afterTotal = 0;
  const rows = [];
  for (const o of outputs) {
    const text = JSON.stringify(o.schema) + '\n';
    writeFileSync(join(OUT, o.dir, `${o.name}.json`), text);
    beforeTotal += o.beforeMin;
    afterTotal += text.length;
    rows.push(`${(o.dir + '/' + o.name).padEnd(52)} ${String(o.beforeMin).padStart(9)} → ${String(text.length).padStart(8)}`);
  }
  rmSync(join(OUT, 'charts'), { recursive: true, force: true });
  mkdirSync(join(OUT, 'charts'), { recursive: true });
  for (const chart of CHARTS) {
    const text = readFileSync(join(UPSTREAM, 'charts', chart, 'values.schema.json'), 'utf8');
    writeFileSync(join(OUT, 'charts', `${chart}.values.schema.json`), JSON.stringify(JSON.parse(text)) + '\n');
    rows.push(`${('charts/' + chart + '.values.schema.json').padEnd(52)} ${String(text.length).padStart(9)}`);
  }
  const defsSize = statSync(join(OUT, 'kubernetes', 'definitions.json')).size;
  afterTotal += defsSize;
  console.log(rows.join('\n'));
  console.log(`${'kubernetes/definitions.json'.padEnd(52)} ${''.padStart(9)}   ${String(defsSize).padStart(8)} (${Object.keys(definitions).length} shared definitions)`);
  console.log(`total (minified JSON) ${beforeTotal} → ${afterTotal} bytes`);
  console.log('normalised:', JSON.stringify(stats));
}

main();
