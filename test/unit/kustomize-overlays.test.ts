import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyse } from '../../server/src/cli/analyse';
import type { Io } from '../../server/src/cli/main';
import { checkText } from '../../server/src/engine/check';
import { buildErrorLine } from '../../server/src/engine/kustomize/overlay';
import type { Finding } from '../../server/src/engine/types';
import { isKustomizePatch } from '../../server/src/node/kustomize';
import { checkOverlays, kustomizeTool, overlayRoots } from '../../server/src/node/kustomize-build';

// Real builds: `kubectl kustomize` (kustomize v5) is on every machine that runs these tests.
const ROOT = resolve(__dirname, '../fixtures/kustomize');
const K = (dir: string) => join(ROOT, dir, 'kustomization.yaml');
const uriOf = (rel: string) => pathToFileURL(join(ROOT, rel)).href;
const ALL = ['base', 'overlays/tp4', 'overlays/latest', 'overlays/images', 'broken'].map(K);

/** Each fixture file's own findings, as the CLI gives them (patches partial). */
function ownFindings(): (uri: string) => Finding[] | undefined {
  const cache = new Map<string, Finding[]>();
  return (uri) => {
    const path = fileURLToPath(uri);
    if (!path.startsWith(ROOT)) return undefined;
    if (!cache.has(uri)) cache.set(uri, checkText(uri, readFileSync(path, 'utf8'), undefined, {}, { partial: isKustomizePatch(path) }));
    return cache.get(uri);
  };
}

async function overlays(kustomizations: string[], own: (uri: string) => readonly Finding[] | undefined = ownFindings(), tool = 'kubectl') {
  return checkOverlays({ tool: kustomizeTool(tool)!, kustomizations, own, configFor: () => undefined as never });
}

const at = (fs: Finding[], code: string) => fs.filter((f) => f.code === code).map((f) => `${f.uri.slice(pathToFileURL(ROOT).href.length + 1)}:${f.range.start.line + 1}`);

describe('Kustomize overlays built with kubectl', () => {
  it('builds only the overlays: a base named by another kustomization is built as part of it', () => {
    assert.deepEqual(overlayRoots(ALL).map((f) => f.slice(ROOT.length + 1)), ['overlays/tp4/kustomization.yaml', 'overlays/latest/kustomization.yaml', 'overlays/images/kustomization.yaml', 'broken/kustomization.yaml']);
  });

  it('reports a tensor-parallel size the base GPUs cannot hold on the patch line that sets it', async () => {
    const r = await overlays([K('overlays/tp4')]);
    assert.deepEqual(at(r.findings, 'scaling/parallelism-matches-gpus'), ['overlays/tp4/patch-vllm.yaml:13']);
    const f = r.findings.find((x) => x.code === 'scaling/parallelism-matches-gpus')!;
    assert.match(f.related![0].message, /Deployment\/inference-scheduling-cuda-decode/);
    assert.equal(f.related![0].uri, uriOf('overlays/tp4/kustomization.yaml'));
  });

  it('reports a :latest image set by a patch on the patch line', async () => {
    // No file's own findings: the mapping alone must find the line (the patch also gets it on its own).
    const r = await overlays([K('overlays/latest')], () => []);
    assert.deepEqual(at(r.findings, 'reliability/image-pinned'), ['overlays/latest/patch-vllm.yaml:11']);
  });

  it('reports a :latest tag set by an images: entry on that entry, though the base pins its own tag', async () => {
    const r = await overlays([K('overlays/images')]);
    assert.deepEqual(at(r.findings, 'reliability/image-pinned'), ['overlays/images/kustomization.yaml:11']);
  });

  it('does not repeat what the base or the patch already gets on its own', async () => {
    const own = ownFindings();
    const r = await overlays([K('overlays/tp4'), K('overlays/latest')], own);
    for (const f of r.findings) assert.ok(!(own(f.uri) ?? []).some((o) => o.code === f.code && o.range.start.line === f.range.start.line), `${f.code} repeated`);
    // The base's own progress-deadline and replicas-ha findings stay the base's: not mapped again.
    assert.deepEqual(at(r.findings, 'reliability/progress-deadline'), []);
    assert.deepEqual(at(r.findings, 'reliability/image-pinned'), []);
  });

  it('says once, with both overlays, what two overlays find on the same base line', async () => {
    const r = await overlays([K('overlays/tp4'), K('overlays/latest')], () => []);
    const onBase = r.findings.filter((f) => f.code === 'reliability/progress-deadline');
    assert.equal(onBase.length, 1);
    assert.deepEqual(onBase[0].related!.map((x) => x.message.replace(/.*: /, '')), ['Deployment/inference-scheduling-cuda-decode', 'Deployment/latest-decode']);
  });

  it('gives a broken kustomization one clear finding with the tool\'s error', async () => {
    const r = await overlays([K('broken')]);
    assert.equal(r.findings.length, 1);
    const [f] = r.findings;
    assert.equal(f.code, 'meta/kustomize-build');
    assert.equal(f.uri, uriOf('broken/kustomization.yaml'));
    assert.match(f.message, /does-not-exist/);
    assert.doesNotMatch(f.message, /run\.go|E\d{4}/);
  });

  it('builds nothing when the tool is missing, and says so once', async () => {
    const r = await overlays([K('overlays/tp4')], ownFindings(), '/nonexistent/kubectl');
    assert.deepEqual(r.findings, []);
    assert.match(r.missingTool!, /not found/);
  });

  it('reads the first line of kubectl\'s and kustomize\'s errors without their prefixes', () => {
    assert.equal(buildErrorLine('E1204 22:19:53.993260   21371 run.go:72] "command failed" err="accumulating resources: boom"\n'), 'accumulating resources: boom');
    assert.equal(buildErrorLine('Error: accumulating resources: boom\n'), 'accumulating resources: boom');
  });
});

describe('modelready check --kustomize', () => {
  const io = (stderr: string[]): Io => ({ cwd: ROOT, env: {}, stdout: process.stdout, stderr: { write: (s: string) => stderr.push(s) } as unknown as NodeJS.WriteStream, entry: '' });
  const codes = async (args: Record<string, string | boolean | undefined>) => (await analyse({ quiet: true, ...args }, ['.'], io([]))).report.findings;

  it('builds no overlay unless a tool is named', async () => {
    const findings = await codes({});
    assert.ok(!findings.some((f) => f.ruleId === 'meta/kustomize-build' || f.ruleId === 'scaling/parallelism-matches-gpus'));
  });

  it('adds the overlays\' findings to the files that set the values', async () => {
    const findings = await codes({ kustomize: 'kubectl' });
    const where = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => `${f.path}:${f.line}`);
    assert.deepEqual(where('scaling/parallelism-matches-gpus'), ['overlays/tp4/patch-vllm.yaml:13']);
    assert.deepEqual(where('meta/kustomize-build'), ['broken/kustomization.yaml:2']);
  });
});
