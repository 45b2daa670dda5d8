import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import { isKustomizePatch, patchesNamedBy } from '../../server/src/node/kustomize';
import { CORPUS, yamlFilesUnder } from '../support/corpus';

/**
 * Every readiness rule over the real-world corpus, each family (GKE samples, KServe, KubeRay) checked as one
 * workspace, as `modelready check <repo>` would: the findings (rule, file, line) equal the reviewed snapshot.
 * Regenerate with UPDATE_CORPUS_SNAPSHOT=1 and review every new line: the snapshot must hold only findings we
 * would defend to the files' authors.
 */

const ROOT = CORPUS;
const SNAPSHOT = path.join(__dirname, 'findings-snapshot.json');
const FAMILIES = ['aibrix', 'gke-samples', 'k8s-nim-operator', 'kserve', 'kuberay', 'lws', 'production-stack'];


const rel = (f: string): string => path.relative(ROOT, f).split(path.sep).join('/');

describe('corpus: readiness findings (production profile)', function () {
  this.timeout(180_000);
  const actual: string[] = [];
  const internalErrors: string[] = [];

  before(() => {
    for (const family of FAMILIES) {
      const files = yamlFilesUnder(path.join(ROOT, family));
      const patches = patchesNamedBy(files);
      const workspace = new Workspace({ today: '2026-11-25' });
      const analyses = files.map((file) =>
        workspace.analyze(`file:///corpus/${rel(file)}`, readFileSync(file, 'utf8'), DEFAULT_CONFIG, { partial: isKustomizePatch(file, patches) }),
      );
      for (const a of analyses) {
        for (const f of workspace.check(a, DEFAULT_CONFIG)) {
          if (f.code === 'meta/internal-error') internalErrors.push(`${a.uri}:${f.range.start.line + 1} ${f.message}`);
          if (f.code.startsWith('schema/') || f.code.startsWith('meta/')) continue;
          actual.push(`${f.code} ${a.uri.replace('file:///corpus/', '')}:${f.range.start.line + 1}`);
        }
      }
    }
    if (process.env.UPDATE_CORPUS_SNAPSHOT) writeFileSync(SNAPSHOT, JSON.stringify(actual, null, 1) + '\n');
  });

  it('reports exactly the reviewed readiness findings', () => {
    assert.deepEqual(actual, JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  });

  it('no rule fails on any corpus file', () => {
    assert.deepEqual(internalErrors, []);
  });
});
