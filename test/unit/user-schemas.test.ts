import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkText } from '../../server/src/engine/check';
import { loadConfigFor } from '../../server/src/node/config-file';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: modelroutes.example.com
spec:
  group: example.com
  names: { kind: ModelRoute, plural: modelroutes }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                weight: { type: integer, minimum: 0 }
                backend: { type: string }
`;

const ROUTE = 'apiVersion: example.com/v1\nkind: ModelRoute\nmetadata:\n  name: r\nspec:\n  weight: heavy\n  backnd: llm\n';

describe('schemas mapped in .modelready.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelready-schemas-'));
  writeFileSync(join(dir, 'crd.yaml'), CRD);
  writeFileSync(join(dir, 'tool.schema.json'), JSON.stringify({ type: 'object', properties: { retries: { type: 'integer' } } }));
  const uri = pathToFileURL(join(dir, 'route.yaml')).href;

  it('leaves an unknown CRD alone without a mapping', () => {
    assert.deepEqual(checkText(uri, ROUTE).map((f) => f.code), []);
  });

  it('validates documents of a mapped CRD (unknown fields are warnings, as the API server prunes them)', () => {
    writeFileSync(join(dir, '.modelready.yaml'), 'schemas:\n  - match: { apiVersion: example.com/v1, kind: ModelRoute }\n    schema: ./crd.yaml\n');
    const { config, problems } = loadConfigFor(dir);
    assert.deepEqual(problems, []);
    const findings = checkText(uri, ROUTE, config);
    assert.deepEqual(findings.map((f) => [f.code, f.severity, f.range.start.line]), [['schema/invalid', 'error', 5], ['schema/invalid', 'warning', 6]]);
  });

  it('maps a JSON Schema by file glob, and never loads schemas in an untrusted workspace', () => {
    writeFileSync(join(dir, '.modelready.yaml'), 'schemas:\n  - files: "tools/*.yaml"\n    schema: ./tool.schema.json\n');
    const toolUri = pathToFileURL(join(dir, 'tools', 'a.yaml')).href;
    const trusted = loadConfigFor(dir).config;
    assert.deepEqual(checkText(toolUri, 'retries: many\n', trusted).map((f) => f.code), ['schema/invalid']);
    const untrusted = loadConfigFor(dir, undefined, undefined, undefined, false).config;
    assert.deepEqual(checkText(toolUri, 'retries: many\n', untrusted).map((f) => f.code), []);
  });

  it('refuses a URL and reports a missing file as a configuration problem', () => {
    writeFileSync(join(dir, '.modelready.yaml'), 'schemas:\n  - files: "*.yaml"\n    schema: https://example.com/s.json\n  - files: "*.yaml"\n    schema: ./nope.json\n');
    const { problems } = loadConfigFor(dir);
    assert.equal(problems.length, 2);
    assert.match(problems[0].message, /never fetches/);
    assert.match(problems[1].message, /nope\.json/);
  });
});
