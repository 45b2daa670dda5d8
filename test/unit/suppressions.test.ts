import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { checkText } from '../../server/src/engine/check';

const EXAMPLE = readFileSync('examples/support-assistant.modelready.yaml', 'utf8');
const WITHOUT_RUNBOOK = EXAMPLE.replace(/^ {2}runbook: .*\n/m, '');
const monitoringLine = (text: string) => text.split('\n').findIndex((l) => l.startsWith('monitoring:'));

function codes(text: string, today = '2026-11-25'): string[] {
  return checkText('file:///w/m.modelready.yaml', text, undefined, { today }).map((f) => f.code);
}

function withComment(text: string, comment: string): string {
  const lines = text.split('\n');
  lines.splice(monitoringLine(text), 0, comment);
  return lines.join('\n');
}

describe('suppressions', () => {
  it('the example without its runbook has the runbook finding', () => {
    assert.ok(codes(WITHOUT_RUNBOOK).includes('monitoring/runbook'));
  });

  it('disable-next-line with a reason removes the finding and is not reported', () => {
    const out = codes(withComment(WITHOUT_RUNBOOK, '# modelready-disable-next-line monitoring/runbook -- runbook lives in the team wiki'));
    assert.ok(!out.includes('monitoring/runbook') && !out.some((c) => c.startsWith('meta/')), out.join());
  });

  it('a suppression without a reason still suppresses but is reported (info)', () => {
    const out = codes(withComment(WITHOUT_RUNBOOK, '# modelready-disable-next-line monitoring/runbook'));
    assert.deepEqual(out.filter((c) => c === 'monitoring/runbook' || c.startsWith('meta/')), ['meta/suppression-reason']);
  });

  it('an unused suppression is reported', () => {
    const out = codes(withComment(EXAMPLE, '# modelready-disable-next-line monitoring/runbook -- not needed'));
    assert.ok(out.includes('meta/unused-suppression'));
  });

  it('disable … enable covers the lines between, for the named rule only', () => {
    const lines = WITHOUT_RUNBOOK.split('\n');
    const at = monitoringLine(WITHOUT_RUNBOOK);
    lines.splice(at + 1, 0, '# modelready-enable monitoring/runbook');
    lines.splice(at, 0, '# modelready-disable monitoring/runbook -- tracked in TICKET-12');
    const out = codes(lines.join('\n'));
    assert.ok(!out.includes('monitoring/runbook') && !out.includes('meta/unused-suppression'), out.join());
  });

  it('an expired suppression stops suppressing and says so', () => {
    const text = withComment(WITHOUT_RUNBOOK, '# modelready-disable-next-line monitoring/runbook -- migrating until 2026-01-31');
    const out = codes(text);
    assert.ok(out.includes('monitoring/runbook') && out.includes('meta/expired-suppression'), out.join());
    assert.ok(!codes(text, '2026-01-01').includes('monitoring/runbook'));
  });

  it('the modelready.dev/ignore annotation suppresses a rule for the whole document', () => {
    const text = WITHOUT_RUNBOOK.replace(/^metadata:\n/m, 'metadata:\n  annotations:\n    modelready.dev/ignore: "monitoring/runbook"\n');
    const out = codes(text);
    assert.ok(!out.includes('monitoring/runbook'), out.join());
  });

  it('syntax errors cannot be suppressed', () => {
    const out = codes('# modelready-disable -- everything\napiVersion: v1\nkind: X\na: [1\n');
    assert.ok(out.includes('schema/yaml-syntax'));
  });
});
