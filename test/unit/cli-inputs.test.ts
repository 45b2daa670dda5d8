import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileUris, normalizedPath } from '../../server/src/cli/inputs';

const PATHS = [
  '/work/k8s/vllm.yaml',
  '/work/k8s/vllm-0_1.v2.yml',
  '/work/k8s/with space.yaml',
  '/work/k8s/hash#1.yaml',
  '/work/k8s/percent%20.yaml',
  '/work/k8s/query?.yaml',
  '/work/k8s/ünïcödé.yaml',
  '/work/dir with space/a.yaml',
  '/work/dir#/b.yaml',
  '/a.yaml',
  '/work/k8s/.hidden.yaml',
  '/work/k8s/..dots.yaml',
];

describe('CLI inputs: file URIs and paths of a walk', () => {
  it('gives every file the URI pathToFileURL gives, one lookup per directory', () => {
    const uriOf = fileUris();
    for (const path of PATHS) assert.equal(uriOf(path), pathToFileURL(path).href, path);
    // Asked again (directories known by now), the same.
    for (const path of PATHS) assert.equal(uriOf(path), pathToFileURL(path).href, path);
  });

  it('keeps a normalised absolute path as it is and resolves any other', () => {
    for (const path of [...PATHS, '/work//k8s/a.yaml', '/work/./k8s/a.yaml', '/work/x/../k8s/a.yaml', '/work/k8s/', '/work/k8s/.', '/work/k8s/..', 'relative/a.yaml']) {
      assert.equal(normalizedPath(path), resolve(path), path);
    }
  });
});
