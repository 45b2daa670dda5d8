import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { analyzeFile, buildWorkspace, checkFile } from '../../server/src/engine/check';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import { defineRule, PRODUCTION_AND_UP } from '../../server/src/engine/rules/define';
import { RULES } from '../../server/src/engine/rules/registry';

const broken = defineRule({
  meta: {
    id: 'monitoring/always-throws',
    area: 'monitoring',
    severity: 'warning',
    description: 'A rule with a bug.',
    rationale: 'Test only.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: false,
  },
  check() {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
});

describe('a rule that throws', () => {
  it('is reported once as an internal error and the other rules still run', () => {
    const text = readFileSync('examples/half-finished.modelready.yaml', 'utf8');
    const file = analyzeFile('file:///w/m.modelready.yaml', text);
    const findings = checkFile(file, buildWorkspace([file]), DEFAULT_CONFIG, {}, [broken, ...RULES]);
    const internal = findings.filter((f) => f.code === 'meta/internal-error');
    assert.equal(internal.length, 1);
    assert.match(internal[0].message, /Rule monitoring\/always-throws failed on this document and was skipped .*the other rules still ran/);
    assert.ok(findings.some((f) => f.code === 'security/inline-secret'), 'other rules still report');
  });
});
