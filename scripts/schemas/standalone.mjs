#!/usr/bin/env node
// Compiles every schema ModelReady ships into standalone ajv validators, ahead of time (DESIGN §1, §7): run by
// scripts/build.mjs before esbuild; writes server/src/engine/schema/generated/validators.js (not committed).
//
//   node scripts/schemas/standalone.mjs
//
// - One Ajv instance holds all the schemas (native ModelDeployment, .modelready.yaml, every Kubernetes and CRD
//   kind) and the shared definitions table under the id validate.ts registers it with, so a shared definition
//   (PodSpec, Container, ...) becomes one function every kind calls, not one copy per kind.
// - The Kubernetes/CRD roots are compiled in the form schemas.ts compiles at run time: their `#/definitions/`
//   refs point at the shared table (the same rewrite as `pointAtShared` there).
// - Ajv options and formats are validate.ts's (the generated module exports them; a test compares).
// - `verbose`: error messages read `parentSchema` (known property names, `patternErrorMessage`,
//   `x-modelready-redact`) and `data`. Standalone code keeps `parentSchema` by embedding the schemas as object
//   literals; annotations (description, examples, snippets, ...) are stripped from those copies first, as
//   validation never reads them, so the embedded schemas are small.
// - generated/validators.js maps each shipped schema object to its validator by `require`-ing the same JSON files
//   the adapters import: the bundle (and Node's module cache under tsx) gives both the same object, so lookup is by
//   identity. The validators themselves are in one module per group (groupOf), loaded on first use.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;
const standaloneCode = require('ajv/dist/standalone').default;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(ROOT, 'server', 'src', 'engine', 'schema', 'generated');
const OUT = join(OUT_DIR, 'validators.js');

// Keep in step with validate.ts (AJV_OPTIONS, ANNOTATION_FORMATS) and schemas.ts (SHARED_ID): the generated module
// exports them and server/src/engine/schema/generated/validators.test.ts compares.
const AJV_OPTIONS = { strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false, strictNumbers: true };
const ANNOTATION_FORMATS = ['int32', 'int64', 'double', 'float', 'byte', 'int-or-string', 'quantity'];
const SHARED_ID = 'https://modelready.dev/schemas/kubernetes/definitions.json';
const DEFINITIONS = 'schemas/kubernetes/definitions.json';

/** The shipped schemas: repository path of each JSON file whose object an adapter hands to the validator. */
function shippedSchemas() {
  const files = ['schemas/modeldeployment.schema.json', 'schemas/modelready-config.schema.json'];
  for (const dir of ['schemas/kubernetes', 'schemas/crds']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      const path = `${dir}/${f}`;
      if (f.endsWith('.json') && path !== DEFINITIONS) files.push(path);
    }
  }
  return files;
}

const read = (path) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

/** schemas.ts `pointAtShared`: a copy whose `#/definitions/` refs point into the shared table. */
function pointAtShared(node) {
  if (Array.isArray(node)) return node.map(pointAtShared);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/') ? `${SHARED_ID}${v}` : pointAtShared(v);
  }
  return out;
}

/** Keywords that only annotate: validation (and validate.ts's messages) never read them. */
const ANNOTATIONS = new Set([
  'description', 'markdownDescription', 'title', 'examples', 'default', 'defaultSnippets', 'deprecationMessage',
  'enumDescriptions', 'markdownEnumDescriptions', 'doNotSuggest', 'suggestSortText', '$comment', 'x-kubernetes-group-version-kind',
]);
/** Keywords whose value is a map of subschemas / a subschema or list of them. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
const SCHEMA_VALUES = new Set(['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', 'prefixItems', 'unevaluatedProperties', 'unevaluatedItems']);

/** A copy of a schema without annotations, walking schema positions only (a property may be named `description`). */
function strip(schema) {
  if (Array.isArray(schema)) return schema.map(strip);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k)) continue;
    if (SCHEMA_MAPS.has(k) && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strip(s)]));
    else if (SCHEMA_VALUES.has(k)) out[k] = strip(v);
    else if (k === 'dependencies' && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, Array.isArray(s) ? s : strip(s)]));
    else out[k] = v;
  }
  return out;
}

/** A hash of every input: this script, ajv's version, the shipped schemas and the definitions table. */
export function inputsHash() {
  const hash = createHash('sha1').update(readFileSync(fileURLToPath(import.meta.url))).update(require('ajv/package.json').version);
  for (const path of [DEFINITIONS, ...shippedSchemas()]) hash.update(path).update(readFileSync(join(ROOT, path)));
  return hash.digest('hex');
}

const isKubernetes = (path) => path.startsWith('schemas/kubernetes/') || path.startsWith('schemas/crds/');

/**
 * The group of a shipped schema: each group is one standalone module, and a process loads only the groups of the
 * schemas it validates. ModelDeployment and .modelready.yaml; the Kubernetes kinds (which share the definitions
 * table: PodSpec and friends); and one per CRD API group. A CRD inlines its own pod template, so the CRD groups share
 * next to nothing with the Kubernetes kinds or each other (what they do share, each group's module has its own copy
 * of): in one module, a run checking Deployments parsed the validators of KServe, Ray, Argo and the rest too, 6.8 MB
 * of source where it needs 1.3.
 */
function groupOf(path) {
  if (!isKubernetes(path)) return 'modelready';
  if (path.startsWith('schemas/kubernetes/')) return 'kubernetes';
  // schemas/crds/<kind>-<API group>-<version>.json (scripts/schemas/prepare.mjs)
  return `crd-${basename(path, '.json').split('-').slice(1, -1).join('-')}`;
}

function newAjv() {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, lines: false } });
  addFormats(ajv);
  for (const f of ANNOTATION_FORMATS) ajv.addFormat(f, true);
  return ajv;
}

/**
 * Writes generated/validators-<group>.js (the validators; bundled by build.mjs into dist/validators-<group>.js,
 * outside server.js and cli.js, so that start-up does not parse them) and generated/validators.js (small, bundled:
 * maps each shipped schema object to its group and export, and loads a group on first use).
 */
export function generate() {
  const all = shippedSchemas();
  const groups = [...new Set(all.map(groupOf))];
  const index = [];
  const written = [];
  mkdirSync(OUT_DIR, { recursive: true });
  // A group that is gone (a schema renamed or dropped) leaves no module behind to be bundled and shipped.
  for (const f of readdirSync(OUT_DIR)) if (/^validators-.*\.js$/.test(f) && !groups.includes(f.slice('validators-'.length, -'.js'.length))) rmSync(join(OUT_DIR, f));
  for (const group of groups) {
    const ajv = newAjv();
    const files = all.filter((p) => groupOf(p) === group);
    if (files.some(isKubernetes)) ajv.addSchema({ ...strip(read(DEFINITIONS)), $id: SHARED_ID });
    const names = {};
    for (const path of files) {
      const name = `v${all.indexOf(path)}`;
      const key = `modelready:${path}`;
      ajv.addSchema(strip(isKubernetes(path) ? pointAtShared(read(path)) : read(path)), key);
      names[name] = key;
      index.push({ path, group, name });
    }
    const file = join(OUT_DIR, `validators-${group}.js`);
    const code = `// Generated by scripts/schemas/standalone.mjs (run by scripts/build.mjs): do not edit, not committed.\n${standaloneCode(ajv, names)}\n`;
    writeFileSync(file, code);
    written.push({ file, bytes: Buffer.byteLength(code), schemas: files.length });
  }
  const fromOut = (path) => relative(OUT_DIR, join(ROOT, path)).split('\\').join('/');
  const out = [
    '// Generated by scripts/schemas/standalone.mjs (run by scripts/build.mjs): do not edit, not committed.',
    '"use strict";',
    '/** The shipped schema objects (the JSON modules the adapters import): group and export of each validator. */',
    'const bySource = new Map([',
    ...index.map(({ path, group, name }) => `  [require(${JSON.stringify(fromOut(path))}), [${JSON.stringify(group)}, ${JSON.stringify(name)}]],`),
    ']);',
    'const groups = {};',
    '/** A group module sits beside this file: generated/ in the source tree, dist/ in a bundle (not bundled in). */',
    'function group(name) {',
    '  if (!(name in groups)) {',
    '    try {',
    '      groups[name] = require(__dirname + "/validators-" + name + ".js");',
    '    } catch {',
    '      groups[name] = null;',
    '    }',
    '  }',
    '  return groups[name];',
    '}',
    'exports.precompiled = (source) => {',
    '  const entry = bySource.get(source);',
    '  return entry ? group(entry[0])?.[entry[1]] : undefined;',
    '};',
    `exports.groups = ${JSON.stringify(groups)};`,
    `exports.ajvOptions = ${JSON.stringify(AJV_OPTIONS)};`,
    `exports.annotationFormats = ${JSON.stringify(ANNOTATION_FORMATS)};`,
    `exports.sharedId = ${JSON.stringify(SHARED_ID)};`,
    `exports.inputsHash = ${JSON.stringify(inputsHash())};`,
    '',
  ].join('\n');
  writeFileSync(OUT, out);
  written.push({ file: OUT, bytes: Buffer.byteLength(out), schemas: index.length });
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of generate()) console.log(`${relative(ROOT, r.file)}: ${r.schemas} schemas, ${(r.bytes / 1024).toFixed(0)} KiB`);
}
