import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ensureBuilt, INLINE_TOKEN, scratch, VLLM_DEPLOYMENT } from './support';

interface JsonFinding {
  ruleId: string;
  severity: string;
  line: number;
  fingerprint: string;
  resource: string;
}
interface JsonReport {
  findings: JsonFinding[];
  counts: { error: number; warning: number; total: number };
  baseline?: { file: string; suppressed: number; stale: { ruleId: string; fingerprint: string }[] };
}
interface SarifLog {
  runs: { results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
}

/** Lines and a whole document above the Deployment: every finding moves down. */
const ABOVE = `# Serving stack for the assistant.
# Owned by the platform team.
apiVersion: v1
kind: ConfigMap
metadata:
  name: llama-config
  namespace: serving
data:
  MAX_MODEL_LEN: "8192"
---
`;

describe('baseline and fingerprints (dist/cli.js)', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  const temp = (config?: string) => {
    const d = scratch(config);
    dirs.push(d);
    return d;
  };
  before(ensureBuilt);
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const json = (dir: string, ...args: string[]) => {
    const r = cli(['check', '.', '--format', 'json', ...args], dir);
    return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
  };

  it('writes a baseline that survives line shifts, fails on a new error and reports a fixed finding as stale', () => {
    const dir = temp();
    const file = join(dir, 'serve.yaml');
    writeFileSync(file, VLLM_DEPLOYMENT);
    const today = json(dir).report;
    assert.ok(today.counts.error > 0, 'the manifest has errors to accept');

    const written = cli(['check', '.', '--write-baseline', 'base.json'], dir);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, new RegExp(`wrote ${today.findings.length} finding\\(s\\) to the baseline base.json`));
    const baseline = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as { findings: { fingerprint: string; ruleId: string; resource: string; path: string; reason?: string }[] };
    assert.equal(baseline.findings.length, today.findings.length);
    assert.ok(baseline.findings.every((e) => e.path === 'serve.yaml' && e.resource === 'Deployment/serving/llama' && /^[0-9a-f]{16}$/.test(e.fingerprint)));
    // A reason written by hand is kept when the baseline is written again.
    const pinned = baseline.findings.find((e) => e.ruleId === 'reliability/replicas-ha')!;
    pinned.reason = 'one GPU in the staging cluster';
    writeFileSync(join(dir, 'base.json'), JSON.stringify(baseline, null, 2));

    // Lines and a document above: nothing new, nothing stale.
    writeFileSync(file, ABOVE + VLLM_DEPLOYMENT);
    const shifted = json(dir, '--baseline', 'base.json');
    assert.equal(shifted.code, 0, shifted.stderr);
    assert.deepEqual(shifted.report.findings, []);
    assert.deepEqual({ suppressed: shifted.report.baseline?.suppressed, stale: shifted.report.baseline?.stale.length }, { suppressed: today.findings.length, stale: 0 });

    // A new error fails, and is the only finding shown.
    writeFileSync(file, ABOVE + VLLM_DEPLOYMENT.replace(/(\s+args: .*\n)/, `$1${INLINE_TOKEN}`));
    const added = json(dir, '--baseline', 'base.json');
    assert.equal(added.code, 1);
    assert.deepEqual(added.report.findings.map((f) => [f.ruleId, f.severity]), [['security/inline-secret', 'error']]);
    assert.equal(added.report.counts.error, 1);
    assert.equal(cli(['check', '.', '--baseline', 'base.json', '--fail-on', 'none'], dir).code, 0);

    // The `:latest` tag of the server fixed: its entry is stale; the summary says so.
    writeFileSync(file, ABOVE + VLLM_DEPLOYMENT.replace('vllm/vllm-openai:latest', 'vllm/vllm-openai:v0.6.3'));
    const fixed = json(dir, '--baseline', 'base.json');
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.deepEqual(fixed.report.baseline?.stale.map((e) => e.ruleId), ['reliability/image-pinned']);
    const text = cli(['check', '.', '--baseline', 'base.json'], dir);
    assert.match(text.stdout, new RegExp(`no problems .* · ${today.findings.length - 1} baselined · 1 stale baseline entry \\(fixed: prune with --write-baseline\\)`));

    // Writing it again prunes the stale entry and keeps the reason.
    assert.equal(cli(['check', '.', '--write-baseline', 'base.json'], dir).code, 0);
    const pruned = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as typeof baseline;
    assert.equal(pruned.findings.length, today.findings.length - 1);
    assert.equal(pruned.findings.find((e) => e.fingerprint === pinned.fingerprint)?.reason, 'one GPU in the staging cluster');
  });

  it('takes the baseline named in .modelready.yaml, relative to that file', () => {
    const dir = temp();
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s/serve.yaml'), VLLM_DEPLOYMENT);
    const n = json(dir).report.findings.length;
    assert.equal(cli(['check', '.', '--write-baseline', 'ci/accepted.json'], dir).code, 0, 'the folder is made');
    writeFileSync(join(dir, '.modelready.yaml'), 'profile: production\nbaseline: ci/accepted.json\n');
    // Run from the manifest's folder: the baseline is found from the configuration's folder, not the working one.
    const r = cli(['check', '.', '--format', 'json'], join(dir, 'k8s'));
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.baseline?.suppressed, n);
    assert.deepEqual(report.findings, []);
    // Text shows no fingerprints, but the configuration's baseline still needs them.
    const text = cli(['check', '.'], join(dir, 'k8s'));
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`${n} baselined`));
  });

  it('fails on warnings with --fail-on warning, never with --fail-on none', () => {
    // The inline secret as a warning: the only new finding is then a warning.
    const dir = temp('profile: production\nrules:\n  security/inline-secret: warning\n');
    const file = join(dir, 'serve.yaml');
    writeFileSync(file, VLLM_DEPLOYMENT);
    assert.equal(cli(['check', '.', '--write-baseline', 'base.json'], dir).code, 0);
    writeFileSync(file, VLLM_DEPLOYMENT.replace(/(\s+args: .*\n)/, `$1${INLINE_TOKEN}`));
    assert.equal(cli(['check', '.', '--baseline', 'base.json'], dir).code, 0, 'errors only by default');
    assert.equal(cli(['check', '.', '--baseline', 'base.json', '--fail-on', 'warning'], dir).code, 1);
    assert.equal(cli(['check', '.', '--fail-on', 'none'], dir).code, 0);
    const bad = cli(['check', '.', '--fail-on', 'info'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fail-on must be one of error, warning, none/);
  });

  it('rejects a file that is not a baseline with a usage error', () => {
    const dir = temp();
    writeFileSync(join(dir, 'serve.yaml'), VLLM_DEPLOYMENT);
    writeFileSync(join(dir, 'base.json'), '{"findings": "no"}');
    const r = cli(['check', '.', '--baseline', 'base.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid baseline 'base.json': not a ModelReady baseline/);
    assert.match(cli(['check', '.', '--baseline', 'missing.json'], dir).stderr, /no such file \(write one with --write-baseline\)/);
  });

  it('gives SARIF results partialFingerprints that stay the same under edits above them', () => {
    const dir = temp();
    const file = join(dir, 'serve.yaml');
    writeFileSync(file, VLLM_DEPLOYMENT);
    const sarif = () => JSON.parse(cli(['check', '.', '--format', 'sarif'], dir).stdout) as SarifLog;
    const results = (log: SarifLog) => log.runs[0].results.map((r) => ({ rule: r.ruleId, fp: r.partialFingerprints['modelready/v1'], line: r.locations[0].physicalLocation.region.startLine }));
    const before = results(sarif());
    writeFileSync(file, ABOVE + VLLM_DEPLOYMENT);
    const after = results(sarif());
    const shift = ABOVE.split('\n').length - 1;
    assert.equal(after.length, before.length);
    assert.deepEqual(after.map((r) => [r.rule, r.fp, r.line - shift]), before.map((r) => [r.rule, r.fp, r.line]));
    // Distinct per finding, even for one rule reporting two containers.
    assert.equal(new Set(before.map((r) => r.fp)).size, before.length);
    assert.ok(before.filter((r) => r.rule === 'reliability/image-pinned').length === 2);
    // JSON carries the same identity.
    const fromJson = json(dir).report.findings.map((f) => f.fingerprint);
    assert.deepEqual(fromJson, after.map((r) => r.fp));
  });
});
