import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ensureBuilt, exec, INLINE_TOKEN, scratch, VLLM_DEPLOYMENT } from './support';

interface JsonDiff {
  ref: string;
  score: { before: number | null; after: number | null };
  areas: { area: string; before: number | null; after: number | null }[];
  new: { ruleId: string; severity: string; path: string; fingerprint: string }[];
  fixed: { ruleId: string; severity: string; path: string }[];
  counts: { new: { error: number; total: number }; fixed: { total: number } };
}

describe('modelready diff <git-ref> (dist/cli.js)', function () {
  this.timeout(300_000);
  let repo: string;
  const git = (...args: string[]) => {
    const r = exec('git', args, repo, { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const diff = (...args: string[]) => cli(['diff', ...args], repo);

  before(() => {
    ensureBuilt();
    repo = scratch();
    mkdirSync(join(repo, 'deploy'));
    writeFileSync(join(repo, 'deploy/serve.yaml'), VLLM_DEPLOYMENT);
    writeFileSync(join(repo, 'deploy/old.yaml'), VLLM_DEPLOYMENT.replace(/llama/g, 'retired'));
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('finds nothing new or fixed when the working tree equals the ref', () => {
    const r = diff('HEAD');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Compared with HEAD: 0 \(0 error\(s\), 0 warning\(s\), 0 info\) new, 0 \(.*\) fixed/);
  });

  it('lists new and fixed findings across shifted lines and a deleted file, and fails on a new error', () => {
    // Lines above everything, the server's tag pinned (fixed), a literal token (new error), a file deleted (fixed).
    writeFileSync(join(repo, 'deploy/serve.yaml'), `# edited\n# in a pull request\n${VLLM_DEPLOYMENT.replace('vllm/vllm-openai:latest', 'vllm/vllm-openai:v0.6.3').replace(/(\s+args: .*\n)/, `$1${INLINE_TOKEN}`)}`);
    rmSync(join(repo, 'deploy/old.yaml'));
    const r = diff('main', '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const d = JSON.parse(r.stdout) as JsonDiff;
    assert.equal(d.ref, 'main');
    assert.deepEqual(d.new.map((f) => [f.ruleId, f.severity, f.path]), [['security/inline-secret', 'error', 'deploy/serve.yaml']]);
    const fixed = d.fixed.filter((f) => f.path === 'deploy/serve.yaml').map((f) => f.ruleId);
    assert.deepEqual(fixed, ['reliability/image-pinned']);
    assert.ok(d.fixed.filter((f) => f.path === 'deploy/old.yaml').length > 5, 'the deleted file\'s findings are fixed');
    assert.ok(d.areas.some((a) => a.area === 'security' && a.before !== null && a.after !== null));
    assert.match(r.stderr, /1 new finding\(s\), \d+ fixed since main/);

    const md = diff('main', '--format', 'markdown');
    assert.equal(md.code, 1);
    assert.match(md.stdout, /^## ModelReady: changes since `main`/);
    assert.match(md.stdout, /❌ \*\*1 new\*\* finding\(s\) \(1 error\(s\)/);
    assert.match(md.stdout, /\| area \| before \| after \| change \|/);
    assert.match(md.stdout, /### New findings\n\n- \*\*error\*\* `deploy\/serve\.yaml:\d+`/);

    const sarif = JSON.parse(diff('main', '--format', 'sarif').stdout) as { runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[] };
    assert.deepEqual(sarif.runs[0].results.map((x) => x.ruleId), ['security/inline-secret']);
    assert.equal(sarif.runs[0].results[0].partialFingerprints['modelready/v1'], d.new[0].fingerprint);

    assert.equal(diff('main', '--fail-on', 'none').code, 0);
  });

  it('passes when a change only fixes findings, and limits the comparison to the paths given', () => {
    git('add', '-A');
    git('commit', '-qm', 'secret');
    // As committed, with the sidecar's tag pinned too.
    const committed = VLLM_DEPLOYMENT.replace('vllm/vllm-openai:latest', 'vllm/vllm-openai:v0.6.3').replace(/(\s+args: .*\n)/, `$1${INLINE_TOKEN}`);
    writeFileSync(join(repo, 'deploy/serve.yaml'), committed.replace('busybox:latest', 'busybox:1.36'));
    writeFileSync(join(repo, 'other.yaml'), VLLM_DEPLOYMENT.replace(/llama/g, 'other'));
    const r = diff('HEAD', 'deploy', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as JsonDiff;
    assert.deepEqual(d.new.map((f) => f.ruleId), [], 'other.yaml is outside the paths');
    assert.ok(d.fixed.some((f) => f.ruleId === 'reliability/image-pinned'));
    assert.ok(d.score.after! >= d.score.before!);
    // Without paths, the new file's findings are new.
    assert.equal(diff('HEAD').code, 1);
  });

  it('says what is wrong with a missing ref or no ref', () => {
    const bad = diff('no-such-ref');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /git rev-parse failed/);
    const none = diff();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name the git ref to compare with/);
  });
});
