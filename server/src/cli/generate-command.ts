import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors';
import type { Command } from './main';
import { gitStyle } from './pipeline';
import { oneOf } from './terminal';

const USAGE = `Usage: modelready generate [options] MANIFEST

Writes the manifests that implement a ModelDeployment, and points its \`implementation:\` at them.

  --target T               kubernetes: Deployment (LeaderWorkerSet when a replica spans nodes), Service,
                           HPA or KEDA ScaledObject, PodDisruptionBudget, NetworkPolicy, weights PVC
                           kserve: InferenceService (LLMInferenceService when a replica spans nodes) with the
                           budget, policy and PVC
                           (default: the target of the generated file the manifest names, else kubernetes)
  --out DIR                where to write <name>.yaml (default: where the manifest's generated file is, else
                           k8s/ or kserve/ beside the manifest)
  --check                  write nothing; exit 1 and print the diff when the files on disk differ from what
                           would be generated (for CI)

Exit codes: 0 written or up to date, 1 --check found stale files, 2 usage error or a manifest that cannot
be generated.`;

export const generateCommand: Command = {
  usage: USAGE,
  allowPositionals: true,
  options: { target: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError('generate takes one ModelDeployment manifest');
    const target = values.target === undefined ? undefined : oneOf('target', values.target as string, ['kubernetes', 'kserve'] as const, 'kubernetes');
    const { planGeneration, posixRelative } = await import('../node/generate.js');
    const { GenerateError } = await import('../engine/generate/index.js');
    const manifestPath = resolve(io.cwd, positionals[0]);
    let plan;
    try {
      plan = planGeneration({ manifestPath, target, out: values.out === undefined ? undefined : resolve(io.cwd, values.out as string) });
    } catch (e) {
      if (e instanceof GenerateError) throw new UsageError(`cannot generate from ${positionals[0]}: ${e.message}`);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`cannot read ${positionals[0]}: no such file`);
      throw e;
    }
    const shown = (p: string): string => posixRelative(io.cwd, p) || p;
    const changed = plan.files.filter((f) => f.current !== f.text);
    if (values.check) {
      if (changed.length === 0) {
        io.stderr.write(`modelready: ${plan.files.map((f) => shown(f.path)).join(', ')} up to date\n`);
        return EXIT_OK;
      }
      const diff = gitStyle((await import('diff')).createTwoFilesPatch);
      for (const f of changed) io.stdout.write(diff(`a/${shown(f.path)}`, `b/${shown(f.path)}`, f.current ?? '', f.text));
      const names = changed.map((f) => shown(f.path)).join(', ');
      io.stderr.write(`modelready: ${names} ${changed.length === 1 ? 'differs' : 'differ'} from what \`modelready generate --target ${plan.target}\` writes\n`);
      return EXIT_FINDINGS;
    }
    for (const f of changed) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text, 'utf8');
      io.stdout.write(`wrote ${shown(f.path)}\n`);
    }
    if (changed.length === 0) io.stdout.write(`${plan.files.map((f) => shown(f.path)).join(', ')} up to date\n`);
    return EXIT_OK;
  },
};
