import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { displayPath } from './model';

/** How a file is named, read the long way: the URI's decoded path segments, relative to the base's when inside it. */
function byUrl(uri: string, baseUri: string): string {
  const segments = (u: string) => new URL(u).pathname.split('/').map((s) => decodeURIComponent(s));
  const file = segments(uri);
  const base = segments(baseUri).slice(0, -1);
  return file.length > base.length && base.every((s, i) => s === file[i]) ? file.slice(base.length).join('/') : file.join('/');
}

describe('report: how a file is named', () => {
  const base = 'file:///work/repo/';
  const cases: [uri: string, expected: string][] = [
    ['file:///work/repo/k8s/vllm.yaml', 'k8s/vllm.yaml'],
    ['file:///work/repo/with%20space.yaml', 'with space.yaml'],
    ['file:///work/repo/%C3%BCn%C3%AF.yaml', 'ünï.yaml'],
    ['file:///work/repo/./k8s/a.yaml', 'k8s/a.yaml'],
    ['file:///work/repo/k8s/../b.yaml', 'b.yaml'],
    ['file:///work/repo/.hidden/a.yaml', '.hidden/a.yaml'],
    ['file:///work/other/a.yaml', '/work/other/a.yaml'],
    ['file:///work/repository/a.yaml', '/work/repository/a.yaml'],
    ['untitled:Untitled-1', 'untitled:Untitled-1'],
  ];
  for (const [uri, expected] of cases) {
    it(`names ${uri} ${JSON.stringify(expected)} relative to ${base}`, () => {
      assert.equal(displayPath(uri, base), expected);
      if (uri.startsWith('file:')) assert.equal(byUrl(uri, base), expected, 'the long way agrees');
    });
  }

  it('names every file under the base as its decoded URI path does, plain names or not', () => {
    const segment = fc.oneof(fc.stringMatching(/^[\w.-]{1,8}$/), fc.constantFrom('.', '..', 'a b', '%41', 'ü', '#x', '?q', ''));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (parts) => {
        const uri = `${base}${parts.join('/')}`;
        assert.equal(displayPath(uri, base), byUrl(uri, base));
      }),
      { numRuns: 2000 },
    );
  });
});
