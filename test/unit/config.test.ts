import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { checkText } from '../../server/src/engine/check';
import { DEFAULT_CONFIG, effectiveSeverity, parseConfigText, readConfig } from '../../server/src/engine/config/config';
import { RULES_BY_ID } from '../../server/src/engine/rules/registry';

const WITHOUT_RUNBOOK = readFileSync('examples/support-assistant.modelready.yaml', 'utf8').replace(/^ {2}runbook: .*\n/m, '');
const runbook = RULES_BY_ID.get('monitoring/runbook')!;

describe('configuration and profiles', () => {
  it('production uses the default severity; regulated raises governance and monitoring to errors; development drops them', () => {
    assert.equal(effectiveSeverity(runbook.meta, { ...DEFAULT_CONFIG, profile: 'production' }), runbook.meta.severity);
    assert.equal(effectiveSeverity(runbook.meta, { ...DEFAULT_CONFIG, profile: 'regulated' }), 'error');
    assert.equal(effectiveSeverity(runbook.meta, { ...DEFAULT_CONFIG, profile: 'development' }), 'off');
  });

  it('the file wins over the editor settings, key by key', () => {
    const settings = readConfig({ profile: 'regulated', rules: { 'monitoring/runbook': 'info', 'monitoring/slos': 'off' } }).config;
    const { config, problems } = parseConfigText('rules:\n  monitoring/runbook: off\n', settings);
    assert.deepEqual(problems, []);
    assert.equal(config.profile, 'regulated');
    assert.equal(config.rules['monitoring/runbook'].severity, 'off');
    assert.equal(config.rules['monitoring/slos'].severity, 'off');
  });

  it('a per-rule severity changes the finding, and off removes it', () => {
    const severity = (raw: unknown) => checkText('file:///w/m.modelready.yaml', WITHOUT_RUNBOOK, readConfig(raw).config).find((f) => f.code === 'monitoring/runbook')?.severity;
    assert.equal(severity({ rules: { 'monitoring/runbook': 'error' } }), 'error');
    assert.equal(severity({ rules: { 'monitoring/runbook': 'off' } }), undefined);
    assert.equal(severity({ profile: 'development', rules: { 'monitoring/runbook': 'info' } }), 'info');
  });

  it('reports a wrong entry and keeps the rest', () => {
    const { config, problems } = readConfig({ profile: 'strict', rules: { 'monitoring/runbook': 'loud', 'monitoring/slos': 'info' } });
    assert.equal(problems.length, 2);
    assert.equal(config.profile, 'production');
    assert.equal(config.rules['monitoring/slos'].severity, 'info');
  });

  it('reads `commercialUse: yes` as true, as the editor check of the same file reads it (YAML 1.1)', () => {
    const { config, problems } = parseConfigText('commercialUse: yes\n');
    assert.deepEqual([config.commercialUse, problems], [true, []]);
    const editor = checkText('file:///w/.modelready.yaml', 'commercialUse: yes\n');
    assert.deepEqual(editor, []);
  });

  it('reports unparseable configuration text instead of throwing', () => {
    const { problems } = parseConfigText('rules: [\n');
    assert.match(problems[0].message, /Cannot parse/);
  });
});
