import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { analyzeFile, buildWorkspace, checkFile } from '../../server/src/engine/check';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import { scoreFiles } from '../../server/src/engine/report/score';

const DEPLOYMENT = readFileSync('examples/kubernetes/vllm-production.yaml', 'utf8').replace(/^ {4}modelready\.dev\/(owner|manifest): .*\n/gm, '');

describe('readiness score and rules that do not judge a unit', () => {
  it('leaves governance out of the score of a workload that states no governance facts', () => {
    const file = analyzeFile('file:///w/vllm.yaml', DEPLOYMENT);
    const findings = checkFile(file, buildWorkspace([file]), DEFAULT_CONFIG);
    const score = scoreFiles([file], DEFAULT_CONFIG, findings);
    const areas = score.areas.map((a) => a.area);
    assert.ok(!areas.includes('governance'), `governance was scored: ${areas.join()}`);
    assert.ok(areas.includes('reliability') && areas.includes('security'));
  });

  it('scores governance once the workload opts in with an annotation', () => {
    const text = DEPLOYMENT.replace(/^ {2}annotations:\n/m, '  annotations:\n    modelready.dev/owner: ml@example.com\n');
    const file = analyzeFile('file:///w/vllm.yaml', text);
    const findings = checkFile(file, buildWorkspace([file]), DEFAULT_CONFIG);
    const governance = scoreFiles([file], DEFAULT_CONFIG, findings).areas.find((a) => a.area === 'governance');
    assert.ok(governance && governance.score < 100, JSON.stringify(governance?.score));
  });
});
