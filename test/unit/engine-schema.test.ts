import { strict as assert } from 'node:assert';
import { checkText } from '../../server/src/engine/check';
import { applyFixes } from '../../server/src/engine/fix/apply';
import type { Finding, Range } from '../../server/src/engine/types';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: demo\nmodel:\n  uri: hf://org/model\n';

function textAt(text: string, r: Range): string {
  const lines = text.split('\n');
  return r.start.line === r.end.line ? lines[r.start.line].slice(r.start.character, r.end.character) : `${lines[r.start.line].slice(r.start.character)}…`;
}

function schemaFindings(text: string): Finding[] {
  return checkText('file:///w/m.modelready.yaml', text, undefined, {}).filter((f) => f.code.startsWith('schema/'));
}

/** Each broken variant: the code, message and the exact text its range covers. */
const TABLE: { name: string; yaml: string; code: string; message: RegExp; text: string }[] = [
  { name: 'enum typo → the value, with a suggestion', yaml: `${HEAD}architecture:\n  target: clod\n`, code: 'schema/invalid', message: /^`target` must be one of on-prem, cloud, hybrid; did you mean `cloud`\?$/, text: 'clod' },
  { name: 'unknown property → its key, with a suggestion', yaml: `${HEAD}scaling:\n  maxReplcas: 3\n`, code: 'schema/invalid', message: /^Property `maxReplcas` is not allowed in `scaling`; did you mean `maxReplicas`\?$/, text: 'maxReplcas' },
  { name: 'unknown top-level section', yaml: `${HEAD}monitorng: {}\n`, code: 'schema/invalid', message: /`monitorng` is not allowed in the document; did you mean `monitoring`/, text: 'monitorng' },
  { name: 'wrong type → the value', yaml: `${HEAD}scaling:\n  minReplicas: two\n`, code: 'schema/invalid', message: /^`minReplicas` must be an integer, not the string "two"\.$/, text: 'two' },
  { name: 'missing required property → the parent key', yaml: 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  owner: x@example.com\nmodel:\n  uri: hf://org/model\n', code: 'schema/invalid', message: /^Missing required property `name` in `metadata`\.$/, text: 'metadata' },
  { name: 'bad quantity → the value, with the expected form', yaml: `${HEAD}resources:\n  memory: 32GB\n`, code: 'schema/invalid', message: /`memory` `32GB` is not valid\. .*quantity/i, text: '32GB' },
  { name: 'bad ISO 8601 duration', yaml: `${HEAD}governance:\n  personalData:\n    retention: 30 days\n`, code: 'schema/invalid', message: /`retention` `30 days` is not an ISO 8601 duration/, text: '30 days' },
  { name: 'wrong apiVersion const', yaml: HEAD.replace('v1alpha1', 'v9'), code: 'schema/invalid', message: /`apiVersion` must be `modelready\.dev\/v1alpha1`/, text: 'modelready.dev/v9' },
  { name: 'YAML syntax error', yaml: `${HEAD}serving: {runtime: vllm\n`, code: 'schema/yaml-syntax', message: /./, text: '' },
  { name: 'duplicate key', yaml: `${HEAD}model:\n  uri: hf://x/y\n`, code: 'schema/yaml-syntax', message: /Map keys must be unique.*override/, text: 'model' },
];

describe('schema validation through the engine', () => {
  it('finds nothing wrong in the complete example', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync('examples/support-assistant.modelready.yaml', 'utf8');
    assert.deepEqual(schemaFindings(text), []);
  });

  for (const row of TABLE) {
    it(`reports ${row.name}`, () => {
      const findings = schemaFindings(row.yaml);
      const f = findings.find((x) => x.code === row.code);
      assert.ok(f, `no ${row.code} in ${JSON.stringify(findings.map((x) => x.message))}`);
      assert.match(f.message, row.message);
      if (row.text) assert.equal(textAt(row.yaml, f.range), row.text);
      assert.equal(f.docsUrl.endsWith(`docs/rules/${row.code}.md`), true);
      assert.equal(f.severity, 'error');
    });
  }

  it('offers "did you mean" fixes for enum and property-name typos that make the document valid', () => {
    const yaml = `${HEAD}architecture:\n  target: clod\n  regoins: [europe-west4]\n`;
    const fixes = schemaFindings(yaml).flatMap((f) => f.fixes ?? []).filter((f) => f.isPreferred);
    assert.equal(fixes.length, 2);
    const fixed = applyFixes(yaml, fixes).text;
    assert.match(fixed, /target: cloud\n {2}regions: \[europe-west4\]/);
    assert.deepEqual(schemaFindings(fixed), []);
  });

  it('keeps quotes when correcting a quoted enum value', () => {
    const yaml = `${HEAD}architecture:\n  target: "clod"\n`;
    const fix = schemaFindings(yaml)[0].fixes![0];
    assert.match(applyFixes(yaml, [fix]).text, /target: "cloud"/);
  });

  it('checks every ModelDeployment of a multi-document file and leaves other documents alone', () => {
    const yaml = `${HEAD}architecture:\n  target: clod\n---\napiVersion: v1\nkind: Unknown\nspec: { anything: [1, 2] }\n---\n${HEAD}scaling:\n  minReplicas: -1\n`;
    const findings = schemaFindings(yaml);
    assert.deepEqual(findings.map((f) => f.range.start.line), [7, 20]);
  });
});
