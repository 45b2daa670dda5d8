import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors';
import type { Command } from './main';
import { gitStyle } from './pipeline';
import { oneOf } from './terminal';

const USAGE = `Usage: modelready generate [options] MANIFEST

Writes the manifests that implement a ModelDeployment, and points its \`implementation:\` at them.

  --target T               kubernetes (default): Deployment (LeaderWorkerSet when a replica spans nodes),
                           Service, HPA or KEDA ScaledObject, PodDisruptionBudget, NetworkPolicy, weights PVC
                           kserve: InferenceService (LLMInferenceService when a replica spans nodes) with the
                           budget, policy and PVC
  --out DIR                where to write <name>.yaml (default: k8s/ or kserve/ beside the manifest)
  --check                  write nothing; exit 1 and print the diff when the files on disk differ from what
                           would be generated (for CI)

Exit codes: 0 written or up to date, 1 --check found stale files, 2 usage error or a manifest that cannot
be generated.`;

/** A path relative to `from`, with forward slashes (YAML references are the same on every OS). */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/** The ModelDeployment of a file, with its text. */
export async function readManifest(path: string, cwd: string) {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const { analyzeFile } = await import('../engine/check.js');
  const unit = analyzeFile(pathToFileURL(abs).href, text)
    .documents.flatMap((d) => d.units)
    .find((u) => u.format === 'modeldeployment');
  if (!unit) throw new UsageError(`${path} holds no ModelDeployment (apiVersion: modelready.dev/v1alpha1, kind: ModelDeployment)`);
  return { abs, text, unit };
}

/** What generate would write: the generated file and the manifest with its `implementation:` link. */
export async function planGeneration(manifestPath: string, target: 'kubernetes' | 'kserve', out: string | undefined, cwd: string) {
  const { abs, text, unit } = await readManifest(manifestPath, cwd);
  const { generateManifests, withImplementation, GenerateError } = await import('../engine/generate/index.js');
  const manifestDir = dirname(abs);
  const outDir = out !== undefined ? resolve(cwd, out) : resolve(manifestDir, target === 'kserve' ? 'kserve' : 'k8s');
  const outFile = resolve(outDir, `${unit.name}.yaml`);
  const implementationRef = posixRelative(manifestDir, outFile);
  try {
    const generated = generateManifests(unit.spec, { target, manifestRef: posixRelative(outDir, abs) });
    const manifest = withImplementation(text, implementationRef.startsWith('.') ? implementationRef : `./${implementationRef}`);
    return [
      { path: outFile, text: generated },
      { path: abs, text: manifest },
    ];
  } catch (e) {
    if (e instanceof GenerateError) throw new UsageError(`cannot generate from ${manifestPath}: ${e.message}`);
    throw e;
  }
}

export const generateCommand: Command = {
  usage: USAGE,
  allowPositionals: true,
  options: { target: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError('generate takes one ModelDeployment manifest');
    const target = oneOf('target', values.target as string | undefined, ['kubernetes', 'kserve'] as const, 'kubernetes');
    const plan = await planGeneration(positionals[0], target, values.out as string | undefined, io.cwd);
    const changed = plan.filter((f) => (existsSync(f.path) ? readFileSync(f.path, 'utf8') : undefined) !== f.text);
    const shown = (p: string): string => posixRelative(io.cwd, p) || p;
    if (values.check) {
      if (changed.length === 0) {
        io.stderr.write(`modelready: ${plan.map((f) => shown(f.path)).join(', ')} up to date\n`);
        return EXIT_OK;
      }
      const diff = gitStyle((await import('diff')).createTwoFilesPatch);
      for (const f of changed) {
        const name = shown(f.path);
        io.stdout.write(diff(`a/${name}`, `b/${name}`, existsSync(f.path) ? readFileSync(f.path, 'utf8') : '', f.text));
      }
      io.stderr.write(`modelready: ${changed.map((f) => shown(f.path)).join(', ')} ${changed.length === 1 ? 'differs' : 'differ'} from what \`modelready generate${target === 'kubernetes' ? '' : ` --target ${target}`}\` writes\n`);
      return EXIT_FINDINGS;
    }
    for (const f of changed) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text, 'utf8');
      io.stdout.write(`wrote ${shown(f.path)}\n`);
    }
    if (changed.length === 0) io.stdout.write(`${plan.map((f) => shown(f.path)).join(', ')} up to date\n`);
    return EXIT_OK;
  },
};
