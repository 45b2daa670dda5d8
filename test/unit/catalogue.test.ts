import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { GENERATED } from '../../scripts/catalogue';
import { checkText } from '../../server/src/engine/check';
import { RULES } from '../../server/src/engine/rules/registry';

describe('the catalogue derived from the rule registry', () => {
  for (const { file, generate } of GENERATED) {
    it(`${relative(process.cwd(), file)} is what scripts/catalogue.ts generates (run it after adding or changing a rule)`, () => {
      const current = readFileSync(file, 'utf8');
      assert.equal(generate(current), current);
    });
  }

  it('the configuration schema knows every registered rule, implementation-drift included', () => {
    const schema = JSON.parse(readFileSync(GENERATED[0].file, 'utf8')) as { properties: { rules: { properties: Record<string, unknown> } } };
    for (const rule of RULES) assert.ok(rule.meta.id in schema.properties.rules.properties, rule.meta.id);
  });

  it('accepts a plain `off` (YAML 1.1 false) as a rule setting in .modelready.yaml', () => {
    assert.deepEqual(checkText('file:///w/.modelready.yaml', 'rules:\n  monitoring/runbook: off\n  architecture/implementation-drift: [off, {}]\n'), []);
  });
});
