import { strict as assert } from 'node:assert';
import { checkText } from '../../server/src/engine/check';
import { complete } from '../../server/src/engine/language/completion';
import { hover } from '../../server/src/engine/language/hover';
import { documentSymbols } from '../../server/src/engine/language/symbols';
import { analyzeFile } from '../../server/src/engine/check';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: demo\nmodel:\n  uri: hf://org/model\n';

/** Every bad input: the engine answers (findings, completion, hover, symbols) without throwing. */
const INPUTS: { name: string; text: string; expect: (codes: string[]) => void }[] = [
  { name: 'invalid YAML in a manifest', text: 'apiVersion: v1\nkind: X\na: [1, 2\nb: {\n  c', expect: (c) => assert.ok(c.length > 0 && c.every((x) => x === 'schema/yaml-syntax')) },
  { name: 'invalid YAML in a file that is not a manifest (left to the YAML extension)', text: 'a: [1, 2\nb: {\n  c', expect: (c) => assert.deepEqual(c, []) },
  { name: 'an empty file', text: '', expect: (c) => assert.deepEqual(c, []) },
  { name: 'a file of only comments', text: '# nothing here\n# at all\n', expect: (c) => assert.deepEqual(c, []) },
  { name: 'a non-manifest YAML file', text: 'services:\n  web:\n    image: nginx:latest\n', expect: (c) => assert.deepEqual(c, []) },
  { name: 'a document that is a scalar', text: 'just a string\n', expect: (c) => assert.deepEqual(c, []) },
  { name: 'a document that is a list', text: '- a\n- b\n', expect: (c) => assert.deepEqual(c, []) },
  { name: 'a huge value', text: `${HEAD}  license: ${'x'.repeat(2_000_000)}\n`, expect: (c) => assert.ok(c.includes('meta/limit')) },
  { name: 'tabs as indentation', text: `${HEAD}serving:\n\truntime: vllm\n`, expect: (c) => assert.ok(c.includes('schema/yaml-syntax')) },
  { name: 'CRLF line endings', text: HEAD.replace(/\n/g, '\r\n') + 'architecture:\r\n  target: clod\r\n', expect: (c) => assert.ok(c.includes('schema/invalid')) },
  { name: 'a byte order mark', text: `\ufeff${HEAD}`, expect: (c) => assert.ok(!c.includes('schema/yaml-syntax')) },
  { name: 'an alias bomb', text: 'kind: Bomb\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n', expect: (c) => assert.ok(c.includes('schema/yaml-syntax')) },
  { name: 'merge-conflict markers', text: `${HEAD}<<<<<<< HEAD\nscaling: { minReplicas: 2 }\n=======\nscaling: { minReplicas: 3 }\n>>>>>>> branch\n`, expect: (c) => assert.ok(c.includes('schema/yaml-syntax')) },
  { name: 'a `key: {{` that only closes lines later (found by fuzzing)', text: 'apiVersion: v1\nkind: Service\na: {{ x\nb: y }}\n', expect: (c) => assert.ok(!c.includes('meta/template') || c.length > 0) },
  { name: 'NUL bytes', text: `${HEAD}\u0000\u0000\n`, expect: (c) => assert.ok(c.length >= 0) },
];

describe('bad input never crashes the engine', () => {
  for (const input of INPUTS) {
    it(`handles ${input.name}`, () => {
      const findings = checkText('file:///w/bad.yaml', input.text);
      input.expect(findings.map((f) => f.code));
      const file = analyzeFile('file:///w/bad.yaml', input.text);
      const lines = input.text.split('\n').length;
      for (let line = 0; line < Math.min(lines, 12); line++) {
        complete(file, line, 2);
        hover(file, line, 2);
      }
      documentSymbols(file);
      for (const f of findings) {
        assert.ok(f.range.start.line >= 0 && f.range.end.line < lines, `range inside the document: ${JSON.stringify(f.range)}`);
      }
    });
  }

  it('explains an alias bomb with the limit it hit', () => {
    const text = 'kind: Bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const findings = checkText('file:///w/bomb.yaml', text);
    assert.ok(findings.some((f) => /alias/i.test(f.message)), JSON.stringify(findings.map((f) => f.message)));
  });
});
