import { strict as assert } from 'node:assert';
import { analyzeFile, buildWorkspace, checkFile } from '../check';
import type { Config } from '../config/config';
import { DEFAULT_CONFIG } from '../config/config';
import type { Profile } from '../vocabulary';
import { MONITORING_RULES } from '../rules/monitoring';
import { COMPLETE_EXAMPLE, mutateExample } from '../../../../test/support/rule-tester';
import type { ScoreFinding, ScoreUnit } from './score';
import { computeScore, scoreFiles, scoreUnits } from './score';

const at = (code: string, line: number, uri = 'file:///a.yaml'): ScoreFinding => ({
  code,
  uri,
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
});

describe('readiness score', () => {
  describe('computeScore (hand-computed)', () => {
    const units: ScoreUnit[] = [
      {
        uri: 'file:///a.yaml',
        name: 'first',
        startLine: 0,
        endLine: 20,
        checks: [
          { id: 'monitoring/runbook', area: 'monitoring', severity: 'warning' },
          { id: 'monitoring/drift', area: 'monitoring', severity: 'warning' },
          { id: 'security/non-root', area: 'security', severity: 'error' },
          { id: 'governance/owner', area: 'governance', severity: 'info' },
          { id: 'reliability/image-pinned', area: 'reliability', severity: 'error' },
        ],
      },
      {
        uri: 'file:///a.yaml',
        name: 'second',
        startLine: 22,
        endLine: 40,
        checks: [
          { id: 'monitoring/runbook', area: 'monitoring', severity: 'warning' },
          { id: 'monitoring/drift', area: 'monitoring', severity: 'warning' },
        ],
      },
    ];
    const findings = [
      at('monitoring/drift', 5), // first unit
      at('monitoring/drift', 30), // second unit
      at('monitoring/runbook', 25), // second unit
      at('reliability/image-pinned', 3), // first unit
      at('reliability/image-pinned', 4), // same check again: still one failed check
      at('meta/limit', 0), // not a check
      at('security/non-root', 2, 'file:///b.yaml'), // another file: no unit there
      at('monitoring/runbook', 21), // between the two documents: no unit
    ];
    const score = computeScore(units, findings);

    it('scores each area as the weighted share of passing checks, rounded down', () => {
      // reliability: 1 error check, failed → 0/3 → 0
      // security: 1 error check, passed → 3/3 → 100
      // governance: 1 info check, passed → 1/1 → 100
      // monitoring: 4 warning checks (weight 8), 3 failed (weight 6) → floor(100 × 2/8) = 25
      assert.deepEqual(
        score.areas.map((a) => [a.area, a.score, a.applicableWeight, a.failedWeight, a.checks, a.failedChecks]),
        [
          ['reliability', 0, 3, 3, 1, 1],
          ['security', 100, 3, 0, 1, 0],
          ['governance', 100, 1, 0, 1, 0],
          ['monitoring', 25, 8, 6, 4, 3],
        ],
      );
    });

    it('takes the overall score as the mean of the areas that apply, rounded down', () => {
      // (0 + 100 + 100 + 25) / 4 = 56.25 → 56; schema, architecture, scaling, integration do not apply
      assert.equal(score.overall, 56);
    });

    it('traces each rule to its checks and findings', () => {
      const monitoring = score.areas.find((a) => a.area === 'monitoring')!;
      assert.deepEqual(
        monitoring.rules.map((r) => [r.id, r.severity, r.passed, r.applicableWeight, r.failedWeight, r.checks.map((c) => [c.unit.name, c.passed]), r.findings.map((f) => f.range.start.line)]),
        [
          ['monitoring/drift', 'warning', false, 4, 4, [['first', false], ['second', false]], [5, 30]],
          ['monitoring/runbook', 'warning', false, 4, 2, [['first', true], ['second', false]], [25]],
        ],
      );
      const reliability = score.areas.find((a) => a.area === 'reliability')!;
      assert.deepEqual(reliability.rules[0].findings.map((f) => f.range.start.line), [3, 4]);
    });

    it('lists findings that belong to no check as unscored', () => {
      assert.deepEqual(
        score.unscored.map((f) => [f.code, f.uri, f.range.start.line]),
        [
          ['meta/limit', 'file:///a.yaml', 0],
          ['security/non-root', 'file:///b.yaml', 2],
          ['monitoring/runbook', 'file:///a.yaml', 21],
        ],
      );
    });

    it('rounds down, so 100 means every check passed', () => {
      const s = computeScore(
        [
          {
            uri: 'u',
            name: 'n',
            startLine: 0,
            endLine: 9,
            checks: [
              { id: 'scaling/a', area: 'scaling', severity: 'error' },
              { id: 'scaling/b', area: 'scaling', severity: 'warning' },
              { id: 'scaling/c', area: 'scaling', severity: 'warning' },
              { id: 'integration/a', area: 'integration', severity: 'info' },
              ...Array.from({ length: 49 }, (_, i) => ({ id: `integration/w${i}`, area: 'integration' as const, severity: 'warning' as const })),
            ],
          },
        ],
        [at('scaling/a', 1, 'u'), at('integration/a', 2, 'u')],
      );
      // scaling: error failed, two warnings passed → 100 × 4/7 = 57.14 → 57
      // integration: 1 info (failed) + 49 warnings → 100 × 98/99 = 98.99 → 98, not 99 or 100
      assert.deepEqual(s.areas.map((a) => [a.area, a.score, a.applicableWeight, a.failedWeight]), [
        ['scaling', 57, 7, 3],
        ['integration', 98, 99, 1],
      ]);
      assert.equal(s.overall, 77); // (57 + 98) / 2 = 77.5 → 77
    });

    it('has no overall score when no check applies', () => {
      const s = computeScore([], [at('schema/yaml-syntax', 0)]);
      assert.deepEqual([s.overall, s.areas, s.unscored.length], [null, [], 1]);
    });
  });

  describe('scoreFiles (the engine, the monitoring rules and the schema check)', () => {
    const URI = 'file:///w/support.modelready.yaml';
    function score(text: string, profile: Profile, rules: Config['rules'] = {}) {
      const config: Config = { ...DEFAULT_CONFIG, profile, rules };
      const file = analyzeFile(URI, text, config);
      const env = { today: '2026-11-25' };
      const findings = checkFile(file, buildWorkspace([file], env), config, env, MONITORING_RULES);
      return { findings, score: scoreFiles([file], config, findings, MONITORING_RULES) };
    }
    const withoutRunbookAndDrift = mutateExample((m) => {
      delete m.monitoring.runbook;
      delete m.monitoring.drift;
    });

    it('gives 100 to the complete example', () => {
      const { score: s } = score(COMPLETE_EXAMPLE, 'production');
      // schema: 1 error check; monitoring: 7 warning checks (weight 14)
      assert.deepEqual(s.areas.map((a) => [a.area, a.score, a.applicableWeight, a.checks]), [
        ['schema', 100, 3, 1],
        ['monitoring', 100, 14, 7],
      ]);
      assert.equal(s.overall, 100);
    });

    it('weights failed checks by their effective severity under the profile', () => {
      // production: 2 of 7 warnings fail → 100 × 10/14 = 71.4 → 71; overall (100 + 71) / 2 = 85.5 → 85
      const production = score(withoutRunbookAndDrift, 'production').score;
      assert.deepEqual(production.areas.map((a) => [a.area, a.score, a.applicableWeight, a.failedWeight]), [
        ['schema', 100, 3, 0],
        ['monitoring', 71, 14, 4],
      ]);
      assert.equal(production.overall, 85);
      // regulated raises monitoring to errors: 100 × 15/21 = 71.4 → 71, weights 21 and 6
      const regulated = score(withoutRunbookAndDrift, 'regulated').score;
      assert.deepEqual(regulated.areas.map((a) => [a.area, a.applicableWeight, a.failedWeight]), [
        ['schema', 3, 0],
        ['monitoring', 21, 6],
      ]);
      // a per-rule severity counts: runbook as info → applicable 6×2 + 1 = 13, failed 2 + 1 = 3 → 100 × 10/13 = 76
      const custom = score(withoutRunbookAndDrift, 'production', { 'monitoring/runbook': { severity: 'info' } }).score;
      assert.deepEqual(custom.areas.find((a) => a.area === 'monitoring')!.score, 76);
      // development turns the monitoring rules off: only the schema check applies
      const development = score(withoutRunbookAndDrift, 'development').score;
      assert.deepEqual([development.areas.map((a) => a.area), development.overall], [['schema'], 100]);
    });

    it('counts a suppressed finding as passed, and a schema violation against the schema area', () => {
      const suppressed = withoutRunbookAndDrift.replace(/^monitoring:$/m, '# modelready-disable-next-line monitoring/runbook, monitoring/drift -- tracked in OPS-1\nmonitoring:');
      const { score: s, findings } = score(suppressed, 'production');
      assert.deepEqual(findings.map((f) => f.code), []);
      assert.equal(s.overall, 100);
      const invalid = COMPLETE_EXAMPLE.replace('threshold: 0.2\n    window: P7D', 'threshold: high\n    window: P7D');
      const r = score(invalid, 'production');
      const schema = r.score.areas.find((a) => a.area === 'schema')!;
      assert.deepEqual([schema.score, schema.rules[0].findings.length > 0], [0, true]);
      assert.equal(r.score.overall, Math.floor((0 + r.score.areas[1].score) / 2));
    });

    it('lists the checks of each unit', () => {
      const config: Config = { ...DEFAULT_CONFIG, profile: 'production' };
      const units = scoreUnits([analyzeFile(URI, `${COMPLETE_EXAMPLE}---\n${COMPLETE_EXAMPLE}`, config)], config, MONITORING_RULES);
      assert.deepEqual(units.map((u) => [u.name, u.checks.length]), [['support-assistant', 8], ['support-assistant', 8]]);
      assert.ok(units[1].startLine > units[0].endLine, 'documents do not share lines');
    });
  });
});
